"""Numbering that runs on across sections. Section numbers are generated, but drafters number
paragraphs inside a body by hand (“1.…”, “（1）…”, “一是…二是…”). Each body's list starts
again at one; a body whose list starts at 3 right after a body that ended at 2 was split from
it or copied out of it, and one that starts at 3 after nothing reads as a gap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from webapp.text.consistency.finding import ConsistencyFinding, SectionText, place_in
from webapp.text.numbering import chinese_numeral
from webapp.text.outline import match_number

CODE = "numbering-across-sections"
_ORDINAL = re.compile(r"(?:^|(?<=[。；;\n]))[ \u3000]*([一二三四五六七八九十]{1,3})是")
_CHINESE_INDEX = {chinese_numeral(n): n for n in range(1, 31)}


@dataclass(frozen=True)
class _Item:
    """One hand number in a body: its style (“#.”, “（#）”, “#是”), index and offsets."""

    style: str
    index: int
    start: int
    end: int


def check(sections: Sequence[SectionText]) -> Iterator[ConsistencyFinding]:
    previous: tuple[SectionText, list[_Item]] | None = None
    for section in sections:
        items = _items(section.body)
        if not items:
            continue
        first = items[0]
        if first.index > 1:
            yield _finding(section, first, previous)
        previous = (section, items)


def _items(body: str) -> list[_Item]:
    """The numbers of the body's outermost list (the style of its first number), in order."""
    found: list[_Item] = []
    offset = 0
    for line in body.split("\n"):
        number = match_number(line)
        if number is not None:
            start = offset + number.start
            found.append(_Item(number.style, number.index, start, offset + number.end))
        offset += len(line) + 1
    for match in _ORDINAL.finditer(body):
        index = _CHINESE_INDEX.get(match.group(1))
        if index is not None:
            found.append(_Item("#是", index, match.start(1), match.end()))
    found.sort(key=lambda item: item.start)
    return [item for item in found if found and item.style == found[0].style]


def _finding(
    section: SectionText, first: _Item, previous: tuple[SectionText, list[_Item]] | None
) -> ConsistencyFinding:
    this_place = place_in(section, first.start, first.end)
    if previous is not None:
        before, items = previous
        last = items[-1]
        if last.style == first.style and last.index == first.index - 1:
            last_place = place_in(before, last.start, last.end)
            return ConsistencyFinding(
                code=CODE,
                message=f"本节编号“{this_place.text}”接续上一节的“{last_place.text}”",
                suggestion="各节内的编号应从头开始；如两节本为一体，请合并",
                places=(last_place, this_place),
            )
    return ConsistencyFinding(
        code=CODE,
        message=f"本节编号从“{this_place.text}”开始，前面缺少编号",
        suggestion="各节内的编号应从头开始",
        places=(this_place,),
    )
