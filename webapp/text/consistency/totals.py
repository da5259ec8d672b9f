"""A total that its own breakdown exceeds: “新建学校12所，其中小学5所、初中8所”.

Only a breakdown introduced by 其中 in the same sentence is read, and only a sum larger than
the total is reported: 其中 often names some of the parts, not all, so a smaller sum is normal.
Breakdowns by overlapping categories (亿元以上项目, 省重点项目) are not added up at all.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from webapp.text.consistency.finding import ConsistencyFinding, place_in
from webapp.text.consistency.statements import Statement

CODE = "total-mismatch"
_OVERLAPPING_CATEGORIES = ("以上", "以下", "重点", "国家级", "省级", "市级", "县级")
_TOLERANCE = 1e-9


def check(found: Sequence[Statement]) -> Iterator[ConsistencyFinding]:
    for i, total in enumerate(found):
        if total.is_part or total.unit == "%":
            continue
        parts = _breakdown(total, found[i + 1 :])
        if not parts or any(_is_category(part) for part in parts):
            continue
        if sum(part.value for part in parts) > total.value * (1 + _TOLERANCE):
            yield _finding(total, parts)


def _breakdown(total: Statement, rest: Sequence[Statement]) -> list[Statement]:
    """The statements of the same unit after “其中” in the total's sentence."""
    body = total.section.body
    parts = []
    for statement in rest:
        if statement.section is not total.section or statement.start >= total.sentence_end:
            break
        if "其中" in body[total.end : statement.start] and statement.unit == total.unit:
            parts.append(statement)
    return parts


def _is_category(part: Statement) -> bool:
    return any(word in part.subject for word in _OVERLAPPING_CATEGORIES)


def _finding(total: Statement, parts: list[Statement]) -> ConsistencyFinding:
    parts_places = (place_in(part.section, part.start, part.end) for part in parts)
    places = (place_in(total.section, total.start, total.end), *parts_places)
    listed = "、".join(f"“{place.text}”" for place in places[1:])
    return ConsistencyFinding(
        code=CODE,
        message=f"合计“{places[0].text}”小于其中各项之和（{listed}）",
        suggestion="核对合计数与分项数，使分项之和不超过合计",
        places=places,
    )
