"""Character diffs between two texts: the ops every diff view and the three-way merge start from.

Ops follow diff-match-patch: a list of ``(op, text)`` with ``DELETE`` (-1), ``EQUAL`` (0) and
``INSERT`` (1); the EQUAL and DELETE texts joined give the old text, the EQUAL and INSERT texts
the new one. Diffs are per character (Chinese has no spaces, so word diffs are useless), cleaned
up with ``diff_cleanupSemantic`` so that a reviewer sees 用工→人员 rather than scattered
single-character matches.

Long texts get a line-level pre-pass: diff-match-patch's ``checklines`` mode (used when both
texts exceed 100 characters) diffs the texts line by line first, then re-diffs only the changed
blocks of lines character by character. On a 50,000-character section with 10% of its lines
edited it makes the pure-Python backend 13× faster and the C++ one 1.8× faster; with an edit
in every line it costs the C++ backend ~10%. The ops were the same either way, once compacted.

Two backends compute the same diffs: the C++ binding ``fast_diff_match_patch`` (about 50×
faster, and it releases the GIL) and the pure-Python ``diff_match_patch``, used only if the
binding cannot be imported. tests/unit/text/test_diff.py checks that both give identical ops.

Numbers from: .venv/bin/python -m pytest tests/bench/test_diff_bench.py --benchmark-enable
-o addopts=""
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import diff_match_patch as _python_dmp

try:
    import fast_diff_match_patch as _fast_dmp
except ImportError:  # no wheel for this platform: the pure-Python backend still works
    _fast_dmp = None

DELETE, EQUAL, INSERT = -1, 0, 1

Op = tuple[int, str]

# Wall-clock bound on one diff. Past it both backends stop searching for a minimal diff and
# return a valid but coarser one (larger replaced blocks), so two huge unrelated texts cannot
# hold a request thread: worst case is about this long plus the cleanup, twice for a
# three-way merge. A coarse diff only makes a merge conflict more often; it never loses an
# edit. A 50,000-character section with 1% of it edited takes ~18 ms with the C++ backend
# (~0.9 s with the pure-Python one, which is why the bound is not lower).
DIFF_TIMEOUT_S = 1.0

# diff_main's line-level pre-pass (see module docstring); it only kicks in above 100 characters.
_CHECK_LINES = True

_FAST_OPS = {"-": DELETE, "=": EQUAL, "+": INSERT}


def _diff_fast(a: str, b: str) -> list[Op]:
    ops = _fast_dmp.diff(
        a,
        b,
        timelimit=DIFF_TIMEOUT_S,
        checklines=_CHECK_LINES,
        cleanup="Semantic",
        counts_only=False,
    )
    return [(_FAST_OPS[op], text) for op, text in ops]


def _diff_python(a: str, b: str) -> list[Op]:
    # A fresh instance per call: cheap, and no shared mutable settings between threads.
    dmp = _python_dmp.diff_match_patch()
    dmp.Diff_Timeout = DIFF_TIMEOUT_S
    ops = dmp.diff_main(a, b, _CHECK_LINES)
    dmp.diff_cleanupSemantic(ops)
    return [(op, text) for op, text in ops]


BACKENDS: dict[str, Callable[[str, str], list[Op]]] = {"python": _diff_python}
if _fast_dmp is not None:
    BACKENDS["fast"] = _diff_fast

# The C++ binding wins wherever it is installed: same ops, 40-50× faster (see module docstring).
BACKEND = "fast" if "fast" in BACKENDS else "python"
_backend = BACKENDS[BACKEND]


@dataclass(frozen=True)
class Hunk:
    """One change against the old text: ``old[start:end]`` is replaced by ``replacement``.

    A pure insertion has ``start == end``; a pure deletion has an empty ``replacement``.
    """

    start: int
    end: int
    replacement: str


def diff(a: str, b: str) -> list[Op]:
    """The ops turning ``a`` into ``b``: character diff, semantically cleaned up, compact."""
    if a == b:
        return [(EQUAL, a)] if a else []
    return compact(_backend(a, b))


def compact(ops: Sequence[Op]) -> list[Op]:
    """The same ops without empty ones, neighbours with the same op joined.

    Both backends' line pre-pass can leave an empty DELETE or INSERT between two equalities;
    views would render it as an empty ``<del>`` and hunks would split around it.
    """
    out: list[Op] = []
    for op, text in ops:
        if not text:
            continue
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return out


def old_text(ops: Sequence[Op]) -> str:
    """The text the ops were computed from."""
    return "".join(text for op, text in ops if op != INSERT)


def new_text(ops: Sequence[Op]) -> str:
    """The text the ops lead to."""
    return "".join(text for op, text in ops if op != DELETE)


def hunks(ops: Sequence[Op]) -> list[Hunk]:
    """The changes of a diff as replacements of old-text ranges, in order.

    Consecutive DELETE/INSERT ops form one hunk, so hunks of one diff are always separated by
    at least one unchanged character.
    """
    found: list[Hunk] = []
    pos = 0
    start: int | None = None
    inserted: list[str] = []
    for op, text in ops:
        if not text:  # an empty op must not split one change into two touching hunks
            continue
        if op == EQUAL:
            if start is not None:
                found.append(Hunk(start, pos, "".join(inserted)))
                start, inserted = None, []
            pos += len(text)
            continue
        if start is None:
            start = pos
        if op == DELETE:
            pos += len(text)
        else:
            inserted.append(text)
    if start is not None:
        found.append(Hunk(start, pos, "".join(inserted)))
    return found


def changed_regions(base: str, other: str) -> list[tuple[int, int]]:
    """The ``[start, end)`` ranges of ``base`` that the diff base→other deletes or replaces.

    An insertion at position ``p`` with nothing deleted is the empty range ``(p, p)``.
    """
    return [(h.start, h.end) for h in hunks(diff(base, other))]
