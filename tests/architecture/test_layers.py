"""STYLE.md as tests: commits only in services, pure text/ and documents/, services publish
jobs without importing workers/, and no import cycles between packages (function-local
imports count: a cycle that only works because an import is deferred is still a cycle)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import webapp

ROOT = Path(webapp.__file__).parent.parent
PACKAGES = ("webapp", "workers")


def _modules() -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            yield name, path


def _imports(path: Path, module: str) -> set[str]:
    """Every module named by an import anywhere in the file (top level or inside functions)."""
    names = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # `from webapp import jobs` depends on webapp.jobs, not on the factory.
                submodule = f"{base}.{alias.name}"
                names.add(submodule if _is_module(submodule) else base)
    return {name for name in names if name.split(".")[0] in PACKAGES}


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _component(module: str) -> str:
    """The package a module belongs to: webapp.services, webapp.text, …, workers; a top-level
    module of webapp (cli, jobs, extensions, the factory) is its own component."""
    parts = module.split(".")
    if parts[0] == "workers":
        return "workers"
    if len(parts) >= 2 and (ROOT / "webapp" / parts[1]).is_dir():
        return ".".join(parts[:2])
    return ".".join(parts[:2]) if len(parts) >= 2 else "webapp"


def _graph() -> dict[str, set[str]]:
    known = {name for name, _ in _modules()}
    graph: dict[str, set[str]] = {}
    for name, path in _modules():
        targets = {_component(t) for t in _imports(path, name) if t in known}
        graph.setdefault(_component(name), set()).update(targets - {_component(name)})
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycles_between_packages():
    cycle = _cycle(_graph())
    assert cycle is None, " → ".join(cycle)


def test_services_never_import_workers():
    offenders = [
        name
        for name, path in _modules()
        if name.startswith("webapp.services")
        and any(t.startswith("workers") for t in _imports(path, name))
    ]
    assert not offenders


def test_text_and_documents_import_neither_flask_nor_models():
    offenders = []
    for package in ("text", "documents"):
        for path in (ROOT / "webapp" / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                for name in names:
                    if name.split(".")[0].startswith("flask") or name.startswith(
                        ("webapp.models", "webapp.extensions", "webapp.services")
                    ):
                        offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert not offenders


def test_only_services_commit():
    offenders = []
    for name, path in _modules():
        if name.startswith("webapp.services") or name.startswith("webapp.jobs"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "commit":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders


def test_views_and_the_api_leave_authorization_to_services():
    """A view that raises Forbidden has decided who may do something: policy.py's job."""
    offenders = []
    for name, path in _modules():
        if not name.startswith(("webapp.views", "webapp.api")):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_call = isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
            if is_call and getattr(node.exc.func, "id", "") == "Forbidden":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders
