"""Escaped markup of a text with some ranges marked (anchored comments on the review page)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape


def highlight(text: str, ranges: Sequence[tuple[int, int, str]]) -> Markup:
    """`text` with each (start, end, label) wrapped in <mark data-comment=label>; overlaps merge
    into the first range that covers them, so every character appears exactly once."""
    pieces: list[Markup] = []
    cursor = 0
    for start, end, label in sorted(ranges):
        start, end = max(start, cursor), min(end, len(text))
        if start >= end:
            continue
        pieces.append(escape(text[cursor:start]))
        pieces.append(
            Markup('<mark class="comment-anchor" data-comment="{}">{}</mark>').format(
                label, text[start:end]
            )
        )
        cursor = end
    pieces.append(escape(text[cursor:]))
    return Markup("").join(pieces)
