"""The layers of docs/architecture.md, checked: nothing imports upward.

core ← features ← the composition point (botapp.features) ← workers ← the edges (web, CLI,
the app factory). A feature's `cli.py` is edge code that lives with its feature.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "botapp"
FEATURES = ("appointments", "goals", "placements", "contact", "escalations", "broadcasts")
CORE = (
    "config",
    "crisis",
    "db",
    "delivery",
    "encoding",
    "failsafe",
    "flows",
    "keywords",
    "messages",
    "migrations",
    "models",
    "phone",
    "services",
    "transport",
    "words",
)
RANK = {"core": 0, "feature": 1, "composition": 2, "worker": 3, "edge": 4}


def layer(module: str) -> str:
    """The layer of a botapp module, by its dotted name."""
    parts = module.split(".")[1:]
    top = parts[0] if parts else ""
    if top in CORE:
        return "core"
    if top in FEATURES:
        return "edge" if parts[1:2] == ["cli"] else "feature"
    if top == "features":
        return "composition"
    if top == "workers":
        return "worker"
    return "edge"  # web, cli, gunicorn_config, and the app factory (botapp/__init__.py)


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: Path) -> set[str]:
    """Every botapp module `path` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    known = modules()
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], base])
            # `from botapp import features` imports a module; `from botapp import create_app`
            # a name of the package itself.
            found |= {
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            }
    return {m for m in found if m in known}


def arrows() -> list[tuple[str, str]]:
    return sorted(
        (name, target) for name, path in modules().items() for target in imports(name, path)
    )


def feature_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in FEATURES else None


def test_the_layers_are_known_to_this_test() -> None:
    tops = {name.split(".")[1] for name in modules() if "." in name}
    assert tops - set(CORE) - set(FEATURES) <= {
        "features",
        "workers",
        "web",
        "cli",
        "gunicorn_config",
    }


def test_nothing_imports_upward() -> None:
    upward = [
        f"{a} ({layer(a)}) imports {b} ({layer(b)})"
        for a, b in arrows()
        if RANK[layer(b)] > RANK[layer(a)]
    ]
    assert upward == []


def test_the_core_imports_no_feature_and_no_feature_imports_another() -> None:
    crossing = [
        f"{a} imports {b}"
        for a, b in arrows()
        if feature_of(b)
        and layer(a) != "edge"
        and feature_of(a) not in (None, feature_of(b))
        or (layer(a) == "core" and feature_of(b))
    ]
    assert crossing == []


@pytest.mark.parametrize(
    ("module", "target", "upward"),
    [
        ("botapp.delivery.outbox", "botapp.appointments.flow", True),
        ("botapp.placements.flow", "botapp.workers.clock", True),
        ("botapp.goals.flow", "botapp.features", True),
        ("botapp.workers.clock", "botapp.contact.flow", False),
        ("botapp.appointments.cli", "botapp.cli.io", False),
    ],
)
def test_the_rule_itself_tells_up_from_down(module: str, target: str, upward: bool) -> None:
    assert (RANK[layer(target)] > RANK[layer(module)]) is upward
