"""The same quantity stated with two values in two sections: “新建学校12所” here,
“新建学校15所” there. Values are compared after reading the numeral and the magnitude,
so 58所 and 五十八所, 3.2亿元 and 32000万元 agree; the year, the part of the year and
whether a sentence plans or reports must match, so a plan of 15 is no contradiction of 12 done.

Two kinds of repetition are no contradiction, and are left alone:
- a series: a measure that three or more sections each give with a value of their own
  (出动执法人员 per campaign, each under its own heading);
- parallel sections: two sections that share two or more measures and differ in every one
  of them describe two scopes (two campaigns, two districts), not one figure twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import combinations

from webapp.text.consistency.finding import ConsistencyFinding, place_in
from webapp.text.consistency.statements import Statement

CODE = "quantity-mismatch"
SERIES_MIN_SECTIONS = 3
SERIES_ALWAYS_SECTIONS = 12
PARALLEL_MIN_SHARED = 2
_RELATIVE_TOLERANCE = 1e-9

Key = tuple[str, str, int | None, str, str]


def check(found: Sequence[Statement]) -> Iterator[ConsistencyFinding]:
    """One finding per subject whose values disagree across sections that are not parallel:
    the first statement of each disagreeing value names its place."""
    groups: dict[Key, list[Statement]] = defaultdict(list)
    for statement in found:
        if statement.is_specific and not statement.is_part:
            groups[statement.key].append(statement)
    parallel = _parallel_sections(groups)
    for group in groups.values():
        if _is_series(group):
            continue
        disagreeing = _disagreeing(group, parallel)
        if disagreeing:
            yield _finding(disagreeing)


def _is_series(group: list[Statement]) -> bool:
    sections = {statement.section.section_id for statement in group}
    if len(sections) > SERIES_ALWAYS_SECTIONS:
        return True  # no report restates one figure in so many sections: a measure per scope
    return len(sections) >= SERIES_MIN_SECTIONS and len(_first_of_each_value(group)) == len(group)


def _parallel_sections(groups: dict[Key, list[Statement]]) -> set[frozenset[int]]:
    """Pairs of sections sharing at least two measures, all of them with different values."""
    shared: dict[frozenset[int], list[bool]] = defaultdict(list)
    for group in groups.values():
        first_by_section: dict[int, float] = {}
        for statement in group:
            first_by_section.setdefault(statement.section.section_id, statement.value)
        if len(first_by_section) > SERIES_ALWAYS_SECTIONS:
            continue  # a measure of every section says nothing about two of them
        for (a, value_a), (b, value_b) in combinations(first_by_section.items(), 2):
            shared[frozenset((a, b))].append(_same_value(value_a, value_b))
    return {
        pair
        for pair, agreements in shared.items()
        if len(agreements) >= PARALLEL_MIN_SHARED and not any(agreements)
    }


def _disagreeing(group: list[Statement], parallel: set[frozenset[int]]) -> list[Statement]:
    """The first statement of each value that some statement of another, non-parallel
    section contradicts, in document order."""
    involved: set[int] = set()
    for (i, first), (j, second) in combinations(enumerate(group), 2):
        sections = frozenset((first.section.section_id, second.section.section_id))
        contradicts = not _same_value(first.value, second.value)
        if contradicts and len(sections) == 2 and sections not in parallel:
            involved.update((i, j))
    return _first_of_each_value([group[i] for i in sorted(involved)])


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
