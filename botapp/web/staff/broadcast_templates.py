"""The broadcast templates page: the agency's saved texts per language (each opens the composer
with its texts), a form to save one and a button to delete one, as `botapp broadcast template
save|list|delete` do; each save and delete is audited by the service."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response
from wtforms import Field, SelectField, StringField, TextAreaField  # type: ignore[import-untyped]

from botapp.broadcasts import messages as t
from botapp.broadcasts import templates
from botapp.config import SUPPORTED_LOCALES, settings_of
from botapp.messages.formatting import language_name
from botapp.models import BroadcastTemplate
from botapp.services.agency import Refused
from botapp.web.staff import bp
from botapp.web.staff.auth import page_locale, text
from botapp.web.staff.broadcast_access import manager, refuse
from botapp.web.staff.broadcast_compose import TEXT_REFUSALS
from botapp.web.staff.plans import PlanForm


class TemplateForm(PlanForm):
    name = StringField()
    default_language = SelectField(validate_choice=False)

    def text_field(self, language: str) -> Field:
        """The text box of `language`."""
        return self[f"text_{language}"]


for _language in SUPPORTED_LOCALES:  # one text box per language botapp speaks
    setattr(TemplateForm, f"text_{_language}", TextAreaField())


@bp.route("/broadcasts/templates", methods=["GET", "POST"])
def broadcast_templates() -> ResponseReturnValue:
    """The agency's templates, and the form to save one."""
    db, staff = manager("list_broadcast_templates")
    form = TemplateForm()
    languages = [(code, language_name(code, page_locale())) for code in SUPPORTED_LOCALES]
    form.default_language.choices = languages
    if not form.is_submitted():
        form.default_language.data = settings_of(current_app).default_locale
    else:
        given = {code: form.text_field(code).data or "" for code in SUPPORTED_LOCALES}
        language = form.default_language.data or ""
        try:
            saved = templates.save_template(db, staff, form.name.data or "", given, language)
        except Refused as refused:
            db.rollback()
            said, key = refused.notice.text(page_locale()), refused.notice.msg.key
            where = form.name
            if key in TEXT_REFUSALS and refused.notice.params.get("language") in SUPPORTED_LOCALES:
                where = form.text_field(str(refused.notice.params["language"]))
            elif key == t.BAD_LANGUAGE.key:
                where = form.default_language
            where.errors = [*where.errors, said]
        else:
            db.commit()
            flash(text(t.TEMPLATE_SAVED, name=saved.name))
            return redirect(url_for("staff.broadcast_templates"))
    page = render_template(
        "staff/broadcasts/templates.html",
        form=form,
        languages=languages,
        saved=templates.agency_templates(db, staff),
    )
    return page, 400 if form.has_problems() else 200


@bp.post("/broadcasts/templates/<int:template_id>/delete")
def delete_broadcast_template(template_id: int) -> Response:
    """Delete a template of the agency (a number not the agency's: nothing to delete, 404)."""
    db, staff = manager("delete_broadcast_template")
    found = db.get(BroadcastTemplate, template_id)
    if found is None or found not in templates.agency_templates(db, staff):
        refuse(db, "delete_broadcast_template", f"template #{template_id}")
    templates.delete_template(db, staff, found.name)
    db.commit()
    flash(text(t.TEMPLATE_DELETED, name=found.name))
    return redirect(url_for("staff.broadcast_templates"))
