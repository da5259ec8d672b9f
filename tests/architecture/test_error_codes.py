"""Every domain error a service raises carries a stable code, and every code has a message in
the one table the views and the API translate from, whose placeholders the error supplies."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
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
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True)
class Construction:
    """One `SomeDomainError(...)` call in the source: raised at once or returned to be raised."""

    place: str
    code: str | None
    details: frozenset[str]
    has_star_kwargs: bool


def _constructions() -> list[Construction]:
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name not in ERROR_CLASSES:
                continue
            keywords = {kw.arg: kw.value for kw in node.keywords}
            code = keywords.get("code")
            found.append(
                Construction(
                    place=f"{path.relative_to(PACKAGE)}:{node.lineno}",
                    code=code.value if isinstance(code, ast.Constant) else None,
                    details=frozenset(arg for arg in keywords if arg not in (None, "code")),
                    has_star_kwargs=None in keywords,
                )
            )
    return found


def _in_services() -> list[Construction]:
    return [item for item in _constructions() if item.place.startswith("services/")]


def test_every_service_error_has_a_code():
    constructed = _in_services()
    assert len(constructed) > 50
    missing = [item.place for item in constructed if item.code is None]
    assert not missing, f"DomainError constructed without a constant code=: {missing}"


def test_every_code_has_a_translatable_message():
    codes = {item.code for item in _constructions() if item.code}
    assert not codes - set(MESSAGES), sorted(codes - set(MESSAGES))


def test_the_table_has_no_message_for_a_code_nothing_raises():
    codes = {item.code for item in _constructions() if item.code}
    assert not set(MESSAGES) - codes, sorted(set(MESSAGES) - codes)


def test_every_placeholder_of_a_message_is_a_detail_of_each_error_with_that_code():
    """Otherwise the English reader would see "%(limit)s" instead of the number."""
    wrong = []
    for item in _constructions():
        if item.code not in MESSAGES or item.has_star_kwargs:
            continue
        needed = set(PLACEHOLDER.findall(MESSAGES[item.code]._args[0]))
        if needed - item.details:
            wrong.append(f"{item.place} {item.code}: no {sorted(needed - item.details)}")
    assert not wrong, wrong
