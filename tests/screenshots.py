"""`python -m tests.screenshots [FOLDER]`: write the README's screenshots of the staff web app's
main pages, 1280 and 390 px wide, to FOLDER (default docs/screenshots).

The same demo site and Debian chromium as the browser tests (tests/test_staff_browser.py), run
as a script: taking pictures is not a test, and the suite has no test skipped for it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser

from tests.support import JAMES, ROOT
from tests.test_staff_browser import WIDTHS, Site, launch_chromium, serve_demo, sign_in


def shoot(chromium: Browser, site: Site, folder: Path) -> list[Path]:
    """Screenshot sign-in, Today, Alex's record and the simulator at each width; the files."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, width in WIDTHS.items():
        context = chromium.new_context(viewport={"width": width, "height": 800})
        shot = context.new_page()
        pages = [
            ("sign-in", "/sign-in"),
            ("today", None),  # where signing in lands
            ("client", f"/clients/{site.alex}"),
            ("simulator", f"/simulator?client={site.alex}"),
        ]
        for page_name, path in pages:
            if page_name == "today":
                sign_in(shot, site, JAMES)
            elif path is not None:
                shot.goto(site.url + path)
            target = folder / f"{page_name}-{name}.png"
            shot.screenshot(path=target, full_page=True)
            written.append(target)
        context.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.screenshots", description=__doc__)
    parser.add_argument(
        "folder", nargs="?", type=Path, default=ROOT / "docs" / "screenshots", help="where to"
    )
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="botapp-screenshots-") as tmp,
        serve_demo(Path(tmp)) as site,
        launch_chromium() as chromium,
    ):
        for path in shoot(chromium, site, args.folder.resolve()):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
