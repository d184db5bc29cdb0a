"""`botapp translate extract|update|compile`: the pybabel steps with botapp's settings.

They work on a source checkout, where `locales/` beside `botapp/` holds the .po files; an
installed package carries only the catalogs its build compiled (decision 21).
"""

from __future__ import annotations

import os
from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from botapp import features
from botapp.config import SUPPORTED_LOCALES
from botapp.messages.catalog import CATALOGS, DOMAIN

SOURCE_ROOT = Path(__file__).resolve().parents[2]
LOCALES_DIR = SOURCE_ROOT / "locales"
POT = LOCALES_DIR / f"{DOMAIN}.pot"
SOURCE_LOCALE = "en"


def in_checkout() -> bool:
    """True in a source checkout; an installed package has no locales/ beside it."""
    return (LOCALES_DIR / SOURCE_LOCALE / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()


def pybabel(*args: str) -> None:
    """Run one pybabel command in-process, from the checkout root (relative source paths)."""
    if not in_checkout():
        raise click.ClickException(
            f"no catalog sources at {LOCALES_DIR}: `botapp translate` works in a source "
            "checkout; this botapp is an installed package"
        )
    here = Path.cwd()
    os.chdir(SOURCE_ROOT)
    try:
        cli = CommandLineInterface()
        if cli.run(["pybabel", "-q", *args]):  # type: ignore[no-untyped-call]
            raise click.ClickException(f"pybabel {args[0]} found errors (printed above)")
    finally:
        os.chdir(here)


def extract() -> None:
    """Collect every M()/MP() declaration into messages.pot."""
    pybabel(
        "extract",
        "--no-default-keywords",
        "-k",
        "M:1c,2",
        "-k",
        "MP:1c,2,3",
        "-c",
        "TRANSLATORS:",
        "--sort-by-file",
        "--project",
        "botapp",
        "-o",
        str(POT),
        "botapp/messages",
        *features.message_modules(),
    )


def update() -> None:
    """Merge messages.pot into every language's .po, creating missing ones."""
    for locale in SUPPORTED_LOCALES:
        po = LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        verb = "update" if po.exists() else "init"
        pybabel(verb, "-i", str(POT), "-d", str(LOCALES_DIR), "-l", locale, "--no-wrap")
    fill_source_locale()


def fill_source_locale() -> None:
    """English is the source language: its catalog repeats each msgid as its translation."""
    po = LOCALES_DIR / SOURCE_LOCALE / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=SOURCE_LOCALE)
    for message in catalog:
        if not message.id:
            continue
        # A fuzzy entry holds pybabel's guess from a similar id: the source text is the answer.
        if message.fuzzy or not any(
            message.string if isinstance(message.string, tuple) else [message.string]
        ):
            message.string = message.id
        message.flags.discard("fuzzy")
    with po.open("wb") as fh:
        write_po(fh, catalog, width=0)


def compile_all() -> None:
    """Compile each language's .po into the package's catalogs, as the package build does
    (setup.py): botapp loads them from there in a checkout and an installed wheel alike."""
    for po in sorted(LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        locale = po.parent.parent.name
        (CATALOGS / locale / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
        pybabel("compile", "-D", DOMAIN, "-l", locale, "-i", str(po), "-d", str(CATALOGS))


@click.group(help="Manage the message catalogs in locales/.")
def translate() -> None:
    """Group of catalog commands."""


@translate.command("extract")
def extract_cmd() -> None:
    """Write locales/messages.pot from the message modules."""
    extract()


@translate.command("update")
def update_cmd() -> None:
    """Extract, then merge new ids into each language's catalog."""
    extract()
    update()


@translate.command("compile")
def compile_cmd() -> None:
    """Compile the catalogs (the setup script and the Procfile's release step do this)."""
    if not in_checkout():  # the release step runs this however botapp was installed
        click.echo("Nothing to compile: this installed botapp carries its built catalogs.")
        return
    compile_all()
