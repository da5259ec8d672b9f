"""webapp/text stays pure (DESIGN “Layout”): the consistency rules and next year's titles import
nothing from Flask, the database or the services."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TEXT = Path(__file__).resolve().parents[4] / "webapp" / "text"
MODULES = [*sorted((TEXT / "consistency").glob("*.py")), TEXT / "next_year.py"]
FORBIDDEN = ("flask", "sqlalchemy", "webapp.models", "webapp.services", "webapp.extensions")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_imports_nothing_impure(path: Path) -> None:
    assert not {name for name in _imports(path) if name.startswith(FORBIDDEN)}
