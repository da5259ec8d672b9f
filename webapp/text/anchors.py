"""Moving a comment's anchor (a character range of an old revision) onto a newer revision."""

from __future__ import annotations

import diff_match_patch

from webapp.text.diff import diff
from webapp.text.newlines import normalise_newlines

# diff-match-patch's bitap matcher handles patterns up to 32 characters.
_MATCH_MAX_CHARS = 32
# How far from its mapped place a fuzzy match may be found, relative to the text's length.
_MATCH_DISTANCE = 1000
_MATCH_THRESHOLD = 0.4


def map_offset(ops: list[tuple[int, str]], offset: int) -> int:
    """Where character `offset` of the old text ends up in the new text (diff_xIndex)."""
    old_pos = new_pos = 0
    last_old = last_new = 0
    for op, text in ops:
        if op != 1:
            old_pos += len(text)
        if op != -1:
            new_pos += len(text)
        if old_pos > offset:
            if op == -1:  # the character was deleted: stay where the deletion was
                return last_new
            return last_new + (offset - last_old)
        last_old, last_new = old_pos, new_pos
    return last_new + (offset - last_old)


def reanchor(old_text: str, new_text: str, start: int, end: int) -> tuple[int, int] | None:
    """The range in `new_text` that holds what `old_text[start:end]` held, or None (orphaned).

    Exact when the quoted words survived; a fuzzy match near the mapped place when they were
    lightly edited; None when they are gone, so the caller can show the comment as orphaned.
    An old revision stored with CRLF anchors onto a newer one with "\n": line endings are no
    change to the quoted words.
    """
    quote = normalise_newlines(old_text[start:end])
    if not quote:
        return None
    ops = diff(old_text, new_text)
    mapped_start, mapped_end = map_offset(ops, start), map_offset(ops, end)
    if normalise_newlines(new_text[mapped_start:mapped_end]) == quote:
        return mapped_start, mapped_end
    found = _fuzzy_find(new_text, quote, mapped_start)
    if found is None:
        return None
    return found, min(len(new_text), found + len(quote))


def _fuzzy_find(text: str, quote: str, near: int) -> int | None:
    if quote in text and text.count(quote) == 1:
        return text.index(quote)
    matcher = diff_match_patch.diff_match_patch()
    matcher.Match_Threshold = _MATCH_THRESHOLD
    matcher.Match_Distance = _MATCH_DISTANCE
    location = matcher.match_main(text, quote[:_MATCH_MAX_CHARS], near)
    return None if location == -1 else location
