"""Open suggestions shown inside the text as Word shows tracked changes: the suggested-away
text struck through, the replacement underlined, the suggester's name beside them.

Pure: text and marks in, escaped markup out. Overlapping marks cannot both be drawn inline;
the later one is left out here (the caller still lists it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

_MARK = Markup(
    '<span class="tg-suggestion" data-suggestion="{id}">'
    '<del class="diff-del">{old}</del><ins class="diff-ins">{new}</ins>'
    '<sup class="tg-suggester">{who}</sup></span>'
)


@dataclass(frozen=True)
class InlineMark:
    """Replace text[start:end] by `replacement`, proposed by `suggester` (suggestion `id`)."""

    id: int
    start: int
    end: int
    replacement: str
    suggester: str


def inline_html(text: str, marks: Sequence[InlineMark]) -> Markup:
    """`text` with each drawable mark in place; every piece of text is escaped."""
    pieces: list[Markup] = []
    pos = 0
    for mark in drawable(marks):
        pieces.append(Markup.escape(text[pos : mark.start]))
        pieces.append(
            _MARK.format(
                id=mark.id,
                old=text[mark.start : mark.end],
                new=mark.replacement,
                who=mark.suggester,
            )
        )
        pos = mark.end
    pieces.append(Markup.escape(text[pos:]))
    return Markup("").join(pieces)


def drawable(marks: Sequence[InlineMark]) -> list[InlineMark]:
    """Marks in text order, dropping any that overlaps one already kept."""
    kept: list[InlineMark] = []
    for mark in sorted(marks, key=lambda m: (m.start, m.end, m.id)):
        if kept and mark.start < kept[-1].end:
            continue
        # Two insertions at one point would read as one; keep the first.
        if kept and mark.start == mark.end == kept[-1].start == kept[-1].end:
            continue
        kept.append(mark)
    return kept
