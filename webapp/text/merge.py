"""Three-way merge of a section's text when its head moved while a drafter was editing.

DESIGN.md, "Drafting and concurrency": the drafter's changes (base→mine) are carried onto the
head. The merge is clean only when the base regions changed by base→mine and by base→head
neither overlap nor touch; otherwise it is a conflict and the caller keeps the drafter's text
for the conflict view. Adjacent regions touch, two insertions at the same point touch, and an
insertion inside or at either edge of the other side's changed region touches.

We deliberately do not trust ``patch_apply``: its fuzzy matching applies mine over a
neighbour's edit and still reports success (base “…用工、物流…”, head 用工→用工招聘, mine
用工→人员 gives “人员” with every flag true, dropping the head's edit). When the regions are
clean the two sets of changes are disjoint replacements of base, so the merged text is built
exactly and deterministically by applying both to base; this equals applying the patches
base→mine onto head, without the fuzz.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from webapp.text.diff import Hunk, diff, hunks

Range = tuple[int, int]


@dataclass(frozen=True)
class MergeResult:
    """The merged text, or no text and the base ranges where both sides changed the same place."""

    text: str | None
    has_conflict: bool
    conflicts: tuple[Range, ...] = ()

    def __post_init__(self) -> None:
        # Keep the three fields telling one story, whoever builds the value.
        if self.has_conflict != (self.text is None) or self.has_conflict != bool(self.conflicts):
            raise ValueError("a merge has text and no conflicts, or conflicts and no text")


def three_way(base: str, mine: str, head: str) -> MergeResult:
    """Carry the changes base→mine onto head; a conflict if both sides touch the same region."""
    if mine in (head, base):
        return _clean(head)
    if head == base:
        return _clean(mine)
    mine_hunks = hunks(diff(base, mine))
    head_hunks = hunks(diff(base, head))
    conflicts = _conflicting_ranges(mine_hunks, head_hunks)
    if conflicts:
        return MergeResult(text=None, has_conflict=True, conflicts=conflicts)
    return _clean(_apply(base, sorted(mine_hunks + head_hunks, key=lambda h: h.start)))


def _clean(text: str) -> MergeResult:
    return MergeResult(text=text, has_conflict=False)


def _touch(a: Hunk, b: Hunk) -> bool:
    # Closed-interval test on purpose: [0,3) and [3,5) touch, as do (3,3) and [1,3).
    return a.start <= b.end and b.start <= a.end


def _conflicting_ranges(mine: Sequence[Hunk], head: Sequence[Hunk]) -> tuple[Range, ...]:
    """Base ranges covered by pairs of touching hunks, coalesced; a linear sweep of both lists."""
    pairs: list[Range] = []
    i = j = 0
    while i < len(mine) and j < len(head):
        a, b = mine[i], head[j]
        if _touch(a, b):
            pairs.append((min(a.start, b.start), max(a.end, b.end)))
        # Hunks of one side are ordered and separated by unchanged text, so the hunk that ends
        # first cannot touch anything later on the other side.
        if a.end <= b.end:
            i += 1
        if b.end <= a.end:
            j += 1
    return _coalesce(pairs)


def _coalesce(ranges: list[Range]) -> tuple[Range, ...]:
    merged: list[Range] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _apply(base: str, ordered: Sequence[Hunk]) -> str:
    """Base with disjoint, ordered hunks applied."""
    pieces: list[str] = []
    pos = 0
    for h in ordered:
        pieces += (base[pos : h.start], h.replacement)
        pos = h.end
    pieces.append(base[pos:])
    return "".join(pieces)
