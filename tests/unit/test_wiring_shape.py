"""The composition root stays a set of small, typed steps (app/main.py, app/wiring/ and the
openers beside them): no function over 60 lines, no `Any` in a signature or a dataclass field,
and no collaborator given by setting an attribute after construction."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
ROOT_FILES = [APP / "main.py", *sorted((APP / "wiring").glob("*.py"))]
WIRING_FILES = [*ROOT_FILES, APP / "openers.py", APP / "first_start.py", APP / "assist_opener.py"]
MAX_LINES = 60
# The standard library's setters the root calls (the loop, a future, the collector): not wiring.
STDLIB_SETTERS = {"set_event_loop", "set_exception_handler", "set_result", "set_threshold"}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def _mentions_any(annotation: ast.expr | None) -> bool:
    """Whether an annotation names typing.Any (also inside a string annotation)."""
    if annotation is None:
        return False
    for node in ast.walk(annotation):
        if isinstance(node, ast.Name) and node.id == "Any":
            return True
        if isinstance(node, ast.Attribute) and node.attr == "Any":
            return True
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and _mentions_any(ast.parse(str(node.value), mode="eval").body):
            return True
    return False


def _signature_annotations(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.expr | None]:
    args = func.args
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    return [a.annotation for a in every if a is not None] + [func.returns]


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"


def test_the_files_checked_are_there() -> None:
    """The glob finds the wiring package (an empty list would pass every check below)."""
    names = {p.name for p in ROOT_FILES}
    assert {"main.py", "start_up.py", "services.py", "window.py", "lifecycle.py"} <= names


@pytest.mark.parametrize("path", WIRING_FILES, ids=lambda p: p.name)
def test_no_wiring_step_is_longer_than_sixty_lines(path: Path) -> None:
    long = [
        f"{_where(path, f)} {f.name}: {f.end_lineno - f.lineno + 1} lines"
        for f in _functions(_tree(path))
        if f.end_lineno is not None and f.end_lineno - f.lineno + 1 > MAX_LINES
    ]
    assert long == []


@pytest.mark.parametrize("path", WIRING_FILES, ids=lambda p: p.name)
def test_no_any_between_the_wiring_steps(path: Path) -> None:
    tree = _tree(path)
    loose = [
        f"{_where(path, f)} {f.name}"
        for f in _functions(tree)
        if any(_mentions_any(a) for a in _signature_annotations(f))
    ]
    fields = [
        f"{_where(path, n)} a field of {c.name}"
        for c in ast.walk(tree)
        if isinstance(c, ast.ClassDef)
        for n in c.body
        if isinstance(n, ast.AnnAssign) and _mentions_any(n.annotation)
    ]
    aliases = [
        _where(path, n) for n in tree.body if isinstance(n, ast.Assign) and _mentions_any(n.value)
    ]
    assert loose + fields + aliases == []


@pytest.mark.parametrize("path", ROOT_FILES, ids=lambda p: p.name)
def test_the_root_gives_collaborators_at_construction(path: Path) -> None:
    """Nothing is wired by `x.attr = ...` or `x.set_...(...)` once built (a cycle is closed by
    one explicit `bind`); an object may set its own attributes (`self.`)."""
    late = []
    for node in ast.walk(_tree(path)):
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and not (
                isinstance(target.value, ast.Name) and target.value.id in {"self", "cls"}
            ):
                late.append(f"{_where(path, node)} {ast.unparse(target)} = ...")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            if (name.startswith("set_") and name not in STDLIB_SETTERS) or name == "add_sink":
                late.append(f"{_where(path, node)} {ast.unparse(node.func)}(...)")
    assert late == []


def test_the_checks_can_fail() -> None:
    """The helpers above see what they are meant to see."""
    sample = ast.parse(
        "def f(a: Any, b: 'list[Any]') -> None:\n    pass\n"
        "def g(a: int) -> typing.Any:\n    pass\n"
        "def h(a: int) -> int:\n    return a\n"
    )
    flagged = [
        f.name for f in _functions(sample) if any(map(_mentions_any, _signature_annotations(f)))
    ]
    assert flagged == ["f", "g"]
