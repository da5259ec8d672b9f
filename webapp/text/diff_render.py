"""HTML markup for diff ops: inline track changes (留痕), side by side, and change counts.

Every piece of user text goes through ``markupsafe.escape`` (``Markup.format`` escapes its
arguments); the only literal markup is the tags below.

Newlines are kept as newline characters, not ``<br>``: the markup stays a faithful copy of the
text (copying from the page gives the original paragraphs, and no tag straddles a line), so the
element holding it needs ``white-space: pre-wrap`` (class ``diff`` in the stylesheet). A
paragraph break that was itself inserted or deleted would be invisible that way, so inside
``<ins>``/``<del>`` each newline is preceded by a visible ↵ mark (class ``diff-eol``), as word
processors show ¶ in track changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from webapp.text.diff import DELETE, EQUAL, INSERT, Op

_DELETED = Markup('<del class="diff-del">{}</del>')
_INSERTED = Markup('<ins class="diff-ins">{}</ins>')
_CHANGED_NEWLINE = Markup('<span class="diff-eol" aria-hidden="true">↵</span>\n')


@dataclass(frozen=True)
class DiffStats:
    """How many characters a diff inserts and deletes (a replacement counts in both)."""

    inserted_chars: int
    deleted_chars: int


def inline_html(ops: Sequence[Op]) -> Markup:
    """One text with deletions in ``<del class="diff-del">`` and insertions in ``<ins>``."""
    return _join(_piece(op, text) for op, text in ops)


def side_by_side(ops: Sequence[Op]) -> tuple[Markup, Markup]:
    """(old text with its deletions marked, new text with its insertions marked)."""
    left = _join(_piece(op, text) for op, text in ops if op != INSERT)
    right = _join(_piece(op, text) for op, text in ops if op != DELETE)
    return left, right


def stats(ops: Sequence[Op]) -> DiffStats:
    """Characters inserted and deleted by the ops."""
    inserted = sum(len(text) for op, text in ops if op == INSERT)
    deleted = sum(len(text) for op, text in ops if op == DELETE)
    return DiffStats(inserted_chars=inserted, deleted_chars=deleted)


def _piece(op: int, text: str) -> Markup:
    if op == EQUAL:
        return escape(text)
    template = _DELETED if op == DELETE else _INSERTED
    return template.format(_changed_text(text))


def _changed_text(text: str) -> Markup:
    return _CHANGED_NEWLINE.join(escape(line) for line in text.split("\n"))


def _join(pieces: Iterable[Markup]) -> Markup:
    return Markup("").join(pieces)
