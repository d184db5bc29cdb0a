"""The package build compiles the message catalogs into the wheel (decision 21).

Everything else about the package is declared in pyproject.toml. The .po sources stay in
locales/ at the top of the checkout; the build writes each language's compiled catalog to
botapp/catalogs/<lang>/LC_MESSAGES/messages.mo inside the package, where botapp loads it
from, as `botapp translate compile` does in a checkout.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from setuptools import setup
from setuptools.command.build_py import build_py

SOURCES = Path("locales")
DOMAIN = "messages"


class BuildWithCatalogs(build_py):
    """build_py, then compile every locales/<lang>/LC_MESSAGES/messages.po into the package."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib, "botapp", "catalogs")
        sources = sorted(SOURCES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
        if not sources:
            raise SystemExit(f"no catalogs in {SOURCES.resolve()}: the build needs locales/")
        for po in sources:
            locale = po.parent.parent.name
            (target / locale / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
            args = ["-D", DOMAIN, "-l", locale, "-i", str(po), "-d", str(target)]
            if CommandLineInterface().run(["pybabel", "-q", "compile", *args]):
                raise SystemExit(f"{po}: the catalog has errors (printed above)")


setup(cmdclass={"build_py": BuildWithCatalogs})
