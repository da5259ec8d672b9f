"""The same quantity stated with two values in two sections: “新建学校12所” here,
“新建学校15所” there. Values are compared after reading the numeral and the magnitude,
so 58所 and 五十八所, 3.2亿元 and 32000万元 agree; the year, the part of the year and
whether a sentence plans or reports must match, so a plan of 15 is no contradiction of 12 done.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from webapp.text.consistency.finding import ConsistencyFinding, place_in
from webapp.text.consistency.statements import Statement

CODE = "quantity-mismatch"
_RELATIVE_TOLERANCE = 1e-9


def check(found: Sequence[Statement]) -> Iterator[ConsistencyFinding]:
    """One finding per subject whose values disagree across sections: the first statement of
    each value names its place."""
    groups: dict[tuple, list[Statement]] = defaultdict(list)
    for statement in found:
        if statement.is_specific and not statement.is_part:
            groups[statement.key].append(statement)
    for group in groups.values():
        firsts = _first_of_each_value(group)
        if len(firsts) > 1 and len({s.section.section_id for s in firsts}) > 1:
            yield _finding(firsts)


def _first_of_each_value(group: list[Statement]) -> list[Statement]:
    firsts: list[Statement] = []
    for statement in group:
        if not any(_same_value(statement.value, seen.value) for seen in firsts):
            firsts.append(statement)
    return firsts


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= _RELATIVE_TOLERANCE * max(abs(a), abs(b), 1.0)


def _finding(firsts: list[Statement]) -> ConsistencyFinding:
    places = tuple(place_in(s.section, s.start, s.end) for s in firsts)
    stated = "、".join(f"“{place.text}”" for place in places)
    subject = firsts[0].subject
    return ConsistencyFinding(
        code=CODE,
        message=f"“{subject}”在不同章节数值不一致：{stated}",
        suggestion="核实后统一为同一数值；如口径不同，请写明口径（如时间范围、统计范围）",
        places=places,
    )
