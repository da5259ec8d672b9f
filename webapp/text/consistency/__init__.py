"""Whole-report consistency (DESIGN “Proofreading”): contradictions that no single section can
see — one quantity stated two ways, a total below its parts, plans for the year being summed
up, a part-year report speaking of the whole year, one body named two ways, numbering running
on across sections. Precision before recall: a false alarm on a correct report teaches people
to ignore the panel, so every rule reads only what it can read for sure.

`check(title, year, sections)` takes the report's title and year and its sections in
document order; every place of every finding satisfies
``section.body[place.start:place.end] == place.text``.
"""

from __future__ import annotations

from collections.abc import Iterable

from webapp.text.consistency import names, numbering, periods, quantities, totals
from webapp.text.consistency.context import read_title, section_moods
from webapp.text.consistency.finding import ConsistencyFinding, Place, SectionText
from webapp.text.consistency.statements import all_statements

__all__ = ["ConsistencyFinding", "Place", "SectionText", "check"]


def check(
    title: str, year: int | None, sections: Iterable[tuple[int, str, str]] | Iterable[SectionText]
) -> list[ConsistencyFinding]:
    """All findings, ordered by the first place they name (document order)."""
    texts = [s if isinstance(s, SectionText) else SectionText(*s) for s in sections]
    time = read_title(title, year)
    moods = section_moods(texts)
    found_statements = all_statements(texts, time, moods)
    findings = [
        *quantities.check(found_statements),
        *totals.check(found_statements),
        *periods.check(texts, moods, time),
        *names.check(texts),
        *numbering.check(texts),
    ]
    order = {section.section_id: i for i, section in enumerate(texts)}
    return sorted(
        findings, key=lambda f: (order[f.places[0].section_id], f.places[0].start, f.code)
    )
