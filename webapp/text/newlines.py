"""Line endings on the way in: every entry point stores, hashes and diffs text with "\\n" only.

Browsers submit a textarea with CRLF, while their DOM (and so every offset a page computes, such
as a comment's selection) counts one character per line break: a stored CRLF would shift every
comment anchor after it by one character per line. HTML parsing turns a lone CR into a line
break too, so it is normalised the same way.
"""

from __future__ import annotations

import re

_LINE_BREAK = re.compile(r"\r\n?")


def normalise_newlines(text: str) -> str:
    """`text` with CRLF and lone CR turned into "\\n"."""
    return _LINE_BREAK.sub("\n", text)


def display_offset_to_stored(stored: str, offset: int) -> int:
    """Where character `offset` of the normalised (displayed) text sits in `stored`.

    Old revisions are immutable and may hold CRLF; a page shows them with "\\n" (HTML parsing
    normalises line breaks), so offsets from a page are offsets into the normalised text.
    """
    if "\r" not in stored:
        return offset
    shown = stored_index = 0
    while shown < offset and stored_index < len(stored):
        is_crlf = stored.startswith("\r\n", stored_index)
        stored_index += 2 if is_crlf else 1
        shown += 1
    return stored_index + (offset - shown)
