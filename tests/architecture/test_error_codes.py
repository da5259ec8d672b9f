"""Every domain error a service raises carries a stable code, and every code has a message in
the one table the views and the API translate from."""

from __future__ import annotations

import ast
from pathlib import Path

import webapp
from webapp.services import errors
from webapp.views.error_messages import MESSAGES

PACKAGE = Path(webapp.__file__).parent
ERROR_CLASSES = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.DomainError)
}


def _raised_errors() -> list[tuple[str, int, str | None]]:
    """(file, line, code) of every DomainError constructed in a raise under webapp/."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            name = getattr(node.exc.func, "id", getattr(node.exc.func, "attr", None))
            if name not in ERROR_CLASSES:
                continue
            code = next(
                (
                    kw.value.value
                    for kw in node.exc.keywords
                    if kw.arg == "code" and isinstance(kw.value, ast.Constant)
                ),
                None,
            )
            found.append((str(path.relative_to(PACKAGE)), node.lineno, code))
    return found


def test_every_service_error_has_a_code():
    raised = [item for item in _raised_errors() if item[0].startswith("services/")]
    assert len(raised) > 50
    missing = [f"{path}:{line}" for path, line, code in raised if code is None]
    assert not missing, f"DomainError raised without code=: {missing}"


def test_every_code_has_a_translatable_message():
    codes = {code for _, _, code in _raised_errors() if code}
    assert not codes - set(MESSAGES), sorted(codes - set(MESSAGES))
