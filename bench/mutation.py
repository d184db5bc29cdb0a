"""`python -m bench mutation [MODULE ...]`: mutate the safety modules and see whether tests notice.

Each mutant is one small change to one module (module-level sets and tables included, which
mutmut leaves alone): an element dropped from a set, tuple, list or dict; a boolean flipped; a
comparison, `and`/`or`, arithmetic or `not` changed; a number moved by one; a string altered; a
statement removed. For each mutant only the tests that cover the module run, on SQLite, with
`-x`, in a copy of the tree: the working tree never holds a mutant, even after Ctrl-C.
bench/notes/mutation.md explains the survivors.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent

# The tests that exercise each module, most specific first (`-x` stops at the first failure).
MODULES: dict[str, tuple[str, ...]] = {
    "botapp/keywords.py": (
        "tests/test_opt_out*.py",
        "tests/test_consent.py",
        "tests/test_inbound.py",
        "tests/test_inbound_queue.py",
    ),
    # The per-language word tables keywords.py reads (decision 13): the opt-out words live here.
    "botapp/words/en.py": ("tests/test_opt_out*.py", "tests/test_consent.py"),
    "botapp/words/es.py": ("tests/test_opt_out*.py", "tests/test_consent.py"),
    "botapp/services/consent.py": (
        "tests/test_outbox_rules.py",
        "tests/test_consent.py",
        "tests/test_dispatch.py",
        "tests/test_inbound.py",
        "tests/test_inbound_queue.py",
        "tests/test_transport.py",
    ),
    "botapp/delivery/quiet_hours.py": (
        "tests/test_quiet_hours.py",
        "tests/test_outbox_rules.py",
        "tests/test_dispatch.py",
        "tests/test_appointments.py",
    ),
    "botapp/delivery/status.py": (
        "tests/test_delivery_status.py",
        "tests/test_dispatch.py",
        "tests/test_transport.py",
        "tests/test_consent.py",
    ),
    "botapp/delivery/outbox.py": (
        "tests/test_outbox_rules.py",
        "tests/test_quiet_hours.py",
        "tests/test_dispatch.py",
        "tests/test_consent.py",
        "tests/test_inbound.py",
    ),
}
PYTEST = ("-x", "-q", "-k", "not postgresql", "-m", "not slow", "-p", "no:cacheprovider")
COPY_IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "__pycache__", "*.pyc", "instance", "results", ".*_cache"
)
# Strings whose change no one should test: messages of errors and of logs.
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical"}
COMPARE_SWAP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
BINOP_SWAP: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.FloorDiv: ast.Mult,
    ast.Div: ast.Mult,
    ast.BitOr: ast.BitAnd,
    ast.BitAnd: ast.BitOr,
}


@dataclass(frozen=True)
class Mutant:
    """One change: replace the source span of a node with `replacement`."""

    line: int
    span: tuple[int, int, int, int]  # lineno, col (UTF-8 bytes), end_lineno, end_col
    replacement: str
    what: str

    def apply(self, source: bytes) -> bytes:
        """`source` with this mutant's span replaced."""
        starts = [0]
        for text in source.splitlines(keepends=True):
            starts.append(starts[-1] + len(text))
        line, col, end_line, end_col = self.span
        begin, end = starts[line - 1] + col, starts[end_line - 1] + end_col
        return source[:begin] + self.replacement.encode() + source[end:]


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class _Finder(ast.NodeVisitor):
    """Collects the mutants of one module."""

    def __init__(self) -> None:
        self.mutants: list[Mutant] = []
        self.skip: set[int] = set()  # ids of nodes whose subtree is not mutated

    def _add(self, node: ast.expr | ast.stmt, replacement: str, what: str) -> None:
        end = (node.end_lineno or node.lineno, node.end_col_offset or 0)
        span = (node.lineno, node.col_offset, *end)
        self.mutants.append(Mutant(node.lineno, span, replacement, what))

    def _variant(self, node: ast.expr, twin: ast.expr, change: str) -> None:
        self._add(node, ast.unparse(twin), change)

    def generic_visit(self, node: ast.AST) -> None:
        if id(node) in self.skip:
            return
        self._skip_unmutable(node)
        if isinstance(node, ast.stmt):
            self._statement(node)
        if isinstance(node, ast.Raise | ast.JoinedStr):
            return  # an error's or a log's wording is not behaviour a test should pin
        if isinstance(node, ast.expr):
            self._expression(node)
        super().generic_visit(node)

    def _skip_unmutable(self, node: ast.AST) -> None:
        for body in ("body", "orelse", "finalbody"):
            stmts = getattr(node, body, None)
            if isinstance(stmts, list) and stmts and _is_docstring(stmts[0]):
                self.skip.add(id(stmts[0]))
        for name in ("annotation", "returns"):
            child = getattr(node, name, None)
            if child is not None:
                self.skip.add(id(child))
        if isinstance(node, ast.arguments):
            for arg in (*node.posonlyargs, *node.args, *node.kwonlyargs):
                if arg.annotation is not None:
                    self.skip.add(id(arg.annotation))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in LOG_METHODS:
                self.skip.update(id(arg) for arg in node.args)

    def _statement(self, node: ast.stmt) -> None:
        if isinstance(
            node, ast.FunctionDef | ast.ClassDef | ast.Pass | ast.Import | ast.ImportFrom
        ):
            return
        if isinstance(node, ast.AnnAssign) and node.value is None:
            return  # a declared field, not a statement that does anything
        first = ast.unparse(node).splitlines()[0]
        self._add(node, "pass", f"remove `{_short(first)}`")

    def _expression(self, node: ast.expr) -> None:
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                swap = COMPARE_SWAP.get(type(op))
                if swap is not None:
                    new = ast.unparse(ast.Compare(ast.Name("a"), [swap()], [ast.Name("b")]))
                    old = ast.unparse(ast.Compare(ast.Name("a"), [op], [ast.Name("b")]))
                    change = f"`{old[2:-2]}` → `{new[2:-2]}` in `{_short(ast.unparse(node))}`"
                    twin = copy.deepcopy(node)
                    twin.ops[i] = swap()
                    self._variant(node, twin, change)
        elif isinstance(node, ast.BoolOp):
            other = ast.Or if isinstance(node.op, ast.And) else ast.And
            names = ("and", "or") if other is ast.Or else ("or", "and")
            change = f"`{names[0]}` → `{names[1]}` in `{_short(ast.unparse(node))}`"
            self._variant(node, ast.BoolOp(other(), node.values), change)
        elif isinstance(node, ast.BinOp) and type(node.op) in BINOP_SWAP:
            binop = BINOP_SWAP[type(node.op)]
            change = f"operator → {binop.__name__} in `{_short(ast.unparse(node))}`"
            self._variant(node, ast.BinOp(node.left, binop(), node.right), change)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub):
            self._add(
                node,
                f"({ast.unparse(node.operand)})",
                f"drop `not`/`-` in `{_short(ast.unparse(node))}`",
            )
        elif isinstance(node, ast.Constant):
            self._constant(node)
        elif isinstance(node, ast.Set | ast.List) or (
            isinstance(node, ast.Tuple) and isinstance(node.ctx, ast.Load)
        ):
            for i, element in enumerate(node.elts):
                change = (
                    f"drop `{_short(ast.unparse(element))}` from `{_short(ast.unparse(node), 40)}`"
                )
                smaller = copy.deepcopy(node)
                smaller.elts.pop(i)
                self._variant(node, smaller, change)
        elif isinstance(node, ast.Dict):
            for i, key in enumerate(node.keys):
                label = ast.unparse(key) if key is not None else "**"
                change = f"drop key `{_short(label)}` from a dict"
                keys, values = (
                    node.keys[:i] + node.keys[i + 1 :],
                    node.values[:i] + node.values[i + 1 :],
                )
                self._variant(node, ast.Dict(keys, values), change)

    def _constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bool):
            self._add(node, repr(not value), f"`{value}` → `{not value}`")
        elif isinstance(value, int | float):
            for step in (1, -1):
                self._add(node, repr(value + step), f"`{value!r}` → `{value + step!r}`")
        elif isinstance(value, str):
            new = "XX" + value + "XX"
            self._add(node, repr(new), f"`{_short(repr(value))}` → `{_short(repr(new))}`")


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def mutants_of(source: bytes) -> list[Mutant]:
    """Every mutant of `source` that compiles, one per distinct resulting text."""
    finder = _Finder()
    finder.visit(ast.parse(source))
    seen, unique = {source}, []
    for mutant in sorted(finder.mutants, key=lambda m: (m.span, m.what)):
        text = mutant.apply(source)
        if text in seen:
            continue
        try:
            compile(text, "<mutant>", "exec")
        except SyntaxError:
            continue
        seen.add(text)
        unique.append(mutant)
    return unique


@dataclass
class Outcome:
    """How one mutant fared."""

    mutant: Mutant
    killed: bool
    how: str  # "failed", "timeout", "survived"


class Runner:
    """Runs the covering tests in a throw-away copy of the tree."""

    def __init__(self, tree: Path, timeout: float | None) -> None:
        self.tree = tree
        self.fixed_timeout = timeout
        self.timeout = timeout or 600.0
        self.env = {
            **os.environ,
            "PYTHONPATH": str(tree),  # the copy's botapp, not the editable install's
            "PYTHONDONTWRITEBYTECODE": "1",  # a stale .pyc must never stand in for a mutant
        }
        self.child: subprocess.Popen[bytes] | None = None

    def tests(self, module: str) -> list[str]:
        """The existing test files that cover `module`."""
        found: list[str] = []
        for pattern in MODULES[module]:
            found += sorted(str(p.relative_to(self.tree)) for p in self.tree.glob(pattern))
        return list(dict.fromkeys(found))

    def run(self, tests: list[str]) -> tuple[str, float]:
        """Run `tests`; ("passed" | "failed" | "timeout", seconds)."""
        started = time.monotonic()
        self.child = subprocess.Popen(
            [sys.executable, "-m", "pytest", *tests, *PYTEST],
            cwd=self.tree,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own group: stopped as a whole, spared the terminal's ^C
        )
        try:
            code = self.child.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            return "timeout", time.monotonic() - started
        finally:
            self.stop()  # after a timeout or ^C too
        return ("passed" if code == 0 else "failed"), time.monotonic() - started

    def stop(self) -> None:
        """End the running test process and everything it started."""
        if self.child is not None:
            if self.child.poll() is None:  # not yet reaped, so the group id is still ours
                os.killpg(self.child.pid, signal.SIGKILL)
                self.child.wait()
            self.child = None

    def check_imports_copy(self) -> None:
        """Refuse to run if `botapp` would be imported from anywhere but the copy."""
        out = subprocess.run(
            [sys.executable, "-c", "import botapp; print(botapp.__file__)"],
            cwd=self.tree,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if not Path(out).is_relative_to(self.tree):
            raise SystemExit(f"the tests would import botapp from {out}, not the copy")


def run_module(runner: Runner, module: str, budget: float, seed: int) -> list[Outcome]:
    """Mutate `module` in the copy, one mutant at a time, and restore it after each."""
    path = runner.tree / module
    original = path.read_bytes()
    tests = runner.tests(module)
    runner.timeout = runner.fixed_timeout or 600.0
    result, baseline = runner.run(tests)
    if result != "passed":
        raise SystemExit(f"{module}: the unmutated tests do not pass ({result}); fix them first")
    runner.timeout = runner.fixed_timeout or max(30.0, 5 * baseline)
    mutants = mutants_of(original)
    print(f"\n{module}: {len(mutants)} mutants; tests {' '.join(tests)} take {baseline:.1f} s")
    order = list(range(len(mutants)))
    random.Random(seed).shuffle(order)  # a budget cut then leaves a random sample, not the top
    deadline = time.monotonic() + budget
    outcomes = []
    try:
        for n, index in enumerate(order, 1):
            if time.monotonic() > deadline:
                print(
                    f"\n  budget of {budget / 60:.0f} min spent: a random sample of {n - 1}"
                    f" of {len(mutants)} mutants (seed {seed})",
                    end="",
                )
                break
            mutant = mutants[index]
            path.write_bytes(mutant.apply(original))
            result, _ = runner.run(tests)
            how = "survived" if result == "passed" else result
            outcomes.append(Outcome(mutant, result != "passed", how))
            mark = "." if result == "failed" else ("T" if result == "timeout" else "S")
            print(mark, end="" if n % 60 else "\n", flush=True)
    finally:
        path.write_bytes(original)
    outcomes.sort(key=lambda o: o.mutant.span)
    print()
    return outcomes


def report(module: str, outcomes: list[Outcome]) -> str:
    """Killed/survived for one module, each survivor with its line and change."""
    killed = sum(o.killed for o in outcomes)
    share = 100 * killed / len(outcomes) if outcomes else 0.0
    lines = [f"{module}: {killed}/{len(outcomes)} killed ({share:.0f} %)"]
    lines += [f"  survived line {o.mutant.line}: {o.mutant.what}" for o in outcomes if not o.killed]
    return "\n".join(lines)


def _terminate(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench mutation", description=__doc__)
    parser.add_argument("modules", nargs="*", metavar="MODULE", help="default: all in MODULES")
    parser.add_argument(
        "--minutes", type=float, default=10, help="budget per module; sampled above"
    )
    parser.add_argument("--timeout", type=float, help="per mutant  [default: 5 × the clean run]")
    parser.add_argument("--seed", type=int, default=0, help="for sampling")
    parser.add_argument("--list", action="store_true", help="print the mutants, run nothing")
    return parser


def _modules(names: list[str]) -> Iterator[str]:
    for name in names or list(MODULES):
        module = name if name.endswith(".py") else "botapp/" + name.replace(".", "/") + ".py"
        module = module.removeprefix("./")
        if module not in MODULES:
            raise SystemExit(f"{name}: not one of {', '.join(MODULES)}")
        yield module


def main(argv: list[str]) -> int:
    """Mutate each module asked for and print what the tests killed."""
    args = _parser().parse_args(argv)
    modules = list(_modules(args.modules))
    if args.list:
        for module in modules:
            for m in mutants_of((ROOT / module).read_bytes()):
                print(f"{module}:{m.line}: {m.what}")
        return 0
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    summaries = []
    with tempfile.TemporaryDirectory(prefix="botapp-mutation-") as tmp:
        tree = Path(tmp) / "tree"
        shutil.copytree(ROOT, tree, ignore=COPY_IGNORE)
        runner = Runner(tree, args.timeout)
        try:
            runner.check_imports_copy()
            for module in modules:
                outcomes = run_module(runner, module, args.minutes * 60, args.seed)
                summaries.append(report(module, outcomes))
                print(summaries[-1], flush=True)
        except KeyboardInterrupt:
            runner.stop()
            print("\ninterrupted; the mutants lived only in a copy, now removed", file=sys.stderr)
            return 130
    print("\n" + "\n".join(summaries))
    return 0
