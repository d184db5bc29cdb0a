"""The message catalog: every user-facing text, each with a stable id (its gettext context).

Texts are declared with `M(id, english)` or `MP(id, singular, plural)` in the modules of this
package; `pybabel extract` finds those calls (see `botapp translate`), and `render` looks the
text up in the reader's language.
"""

from botapp.messages.catalog import MP, M, Msg, all_messages, render

__all__ = ["M", "MP", "Msg", "all_messages", "render"]
