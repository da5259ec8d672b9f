"""Search text: jieba tokens for the index and the query, and escaped highlighted snippets.

Chinese has no spaces, so both sides go through jieba and the database only ever sees words
separated by spaces (PostgreSQL's `simple` configuration, SQLite's `unicode61` tokenizer). The
index uses jieba's search mode, which adds the shorter words inside long ones (招商引资 also
gives 招商, 引资), so a query word found by precise mode is usually among the indexed ones.

Usually: segmentation depends on the neighbours (“北山乡河长制” is cut 北山|乡河|长制), and a word
search would miss that 河长制. So the index also holds the character bigrams of every run of
Chinese text, after the words and in text order, and a query word matches either as a word or
as the phrase of its bigrams (河长 长制, adjacent) — substring recall, word ranking. (The
bigrams of two runs follow each other, so “甲乙，乙丙” also matches 甲乙丙: a rare false hit.)
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


_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")


def _is_han(text: str) -> bool:
    return _HAN_RUN.fullmatch(text) is not None


def bigrams(text: str) -> list[str]:
    """The overlapping character pairs of each run of Chinese characters, in order."""
    return [run[i : i + 2] for run in _HAN_RUN.findall(text) for i in range(len(run) - 1)]


def index_tokens(text: str) -> str:
    """The words of `text`, then its Chinese bigrams, lower-cased, separated by single spaces."""
    words = [token.lower() for token in jieba.cut_for_search(text) if _is_word(token)]
    return " ".join([*words, *bigrams(text)])


def query_terms(query: str) -> list[str]:
    """The distinct words a query asks for, in order (at most MAX_QUERY_TERMS)."""
    terms: list[str] = []
    for token in jieba.cut(query.strip()):
        token = token.strip().lower()
        if _is_word(token) and token not in terms:
            terms.append(token)
    return terms[:MAX_QUERY_TERMS]


def marked_terms(query: str) -> list[str]:
    """What a snippet marks: each space-separated part of the query whole (营商环境, not 营商
    and 环境 side by side) and then its words."""
    marked: list[str] = []
    for term in [part.lower() for part in query.split() if _is_word(part)] + query_terms(query):
        if term not in marked:
            marked.append(term)
    return marked


def _alternatives(term: str) -> tuple[str, tuple[str, ...]]:
    """A query word and the bigram phrase that also finds it (empty when it has none, or
    when the word is itself one bigram)."""
    phrase = tuple(bigrams(term)) if _is_han(term) else ()
    return term, phrase if phrase != (term,) else ()


def fts5_match(terms: list[str]) -> str:
    """SQLite FTS5 query: every term, each as a word or as its bigram phrase."""

    def quoted(tokens) -> str:
        return '"' + " ".join(token.replace('"', '""') for token in tokens) + '"'

    groups = []
    for word, phrase in map(_alternatives, terms):
        options = [quoted([word])] + ([quoted(phrase)] if phrase else [])
        groups.append("(" + " OR ".join(options) + ")")
    return " AND ".join(groups)


def tsquery(terms: list[str]) -> str:
    """PostgreSQL to_tsquery text (simple configuration), with the same meaning."""

    def lexeme(token: str) -> str:
        return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"

    groups = []
    for word, phrase in map(_alternatives, terms):
        options = [lexeme(word)] + (
            ["(" + " <-> ".join(map(lexeme, phrase)) + ")"] if phrase else []
        )
        groups.append("(" + " | ".join(options) + ")")
    return " & ".join(groups)


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
