"""Search text: jieba tokens for the index and the query, and escaped highlighted snippets.

Chinese has no spaces, so both sides go through jieba and the database only ever sees words
separated by spaces (PostgreSQL's `simple` configuration, SQLite's `unicode61` tokenizer). The
index uses jieba's search mode, which adds the shorter words inside long ones (招商引资 also
gives 招商, 引资), so a query word found by precise mode is among the indexed ones.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import jieba
from markupsafe import Markup, escape

jieba.setLogLevel(logging.WARNING)

SNIPPET_CONTEXT_CHARS = 40
MAX_QUERY_TERMS = 16


def _is_word(token: str) -> bool:
    return any(char.isalnum() for char in token)


def index_tokens(text: str) -> str:
    """The words of `text` for the index, lower-cased, separated by single spaces."""
    return " ".join(token.lower() for token in jieba.cut_for_search(text) if _is_word(token))


def query_terms(query: str) -> list[str]:
    """The distinct words a query asks for, in order (at most MAX_QUERY_TERMS)."""
    terms: list[str] = []
    for token in jieba.cut(query.strip()):
        token = token.strip().lower()
        if _is_word(token) and token not in terms:
            terms.append(token)
    return terms[:MAX_QUERY_TERMS]


def _hit_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    # Longest first, so 招商引资 is marked whole rather than as 招商 and 引资.
    ordered = sorted({term for term in terms if term}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile("|".join(re.escape(term) for term in ordered), re.IGNORECASE)


def highlight(text: str, terms: Iterable[str]) -> Markup:
    """`text` escaped, each occurrence of a term wrapped in <mark>."""
    pattern = _hit_pattern(terms)
    if pattern is None:
        return escape(text)
    parts: list[Markup] = []
    end = 0
    for match in pattern.finditer(text):
        parts.append(escape(text[end : match.start()]))
        parts.append(Markup("<mark>%s</mark>") % match.group())
        end = match.end()
    parts.append(escape(text[end:]))
    return Markup("").join(parts)


def snippet(text: str, terms: Iterable[str], context_chars: int = SNIPPET_CONTEXT_CHARS) -> Markup:
    """The passage around the first hit (or the start of `text`), highlighted, with … where
    it was cut; line breaks become spaces."""
    terms = list(terms)
    flat = " ".join(text.split())
    pattern = _hit_pattern(terms)
    match = pattern.search(flat) if pattern else None
    centre = match.start() if match else 0
    start = max(0, centre - context_chars)
    end = min(len(flat), centre + (len(match.group()) if match else 0) + context_chars)
    body = highlight(flat[start:end], terms)
    return Markup("%s%s%s") % ("…" if start > 0 else "", body, "…" if end < len(flat) else "")
