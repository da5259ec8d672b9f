"""Three-way merge: disjoint edits both survive, touching edits conflict, nothing is lost."""

from __future__ import annotations

import pytest
from diff_match_patch import diff_match_patch
from hypothesis import given, settings
from hypothesis import strategies as st

from support.prose import PHRASES
from webapp.text.merge import MergeResult, three_way

DESIGN_BASE = "积极协调解决企业复产中遇到的用工、物流等问题"
YONGGONG = DESIGN_BASE.index("用工")

PUNCTUATION = ("，", "。", "；", "、", "。\n")
# Characters that never occur in the generated base text: an edit made of them is found by the
# diff at exactly the range it replaced, so the expected outcome is known without ambiguity.
MINE_ONLY = "甲乙丙丁戊"
HEAD_ONLY = "子丑寅卯辰"
# Far enough apart that a phrase-sized edit cannot drift (diffs may slide an edit along
# repeated text) into the other side's edit: about four of the longest phrases.
FAR_APART_CHARS = 100

PROPERTY = settings(max_examples=200, deadline=None)

report_text = st.lists(
    st.tuples(st.sampled_from(PHRASES), st.sampled_from(PUNCTUATION)).map("".join),
    min_size=1,
    max_size=30,
).map("".join)
long_report_text = st.lists(
    st.tuples(st.sampled_from(PHRASES), st.sampled_from(PUNCTUATION)).map("".join),
    min_size=25,
    max_size=40,
).map("".join)
mine_text = st.text(alphabet=MINE_ONLY, min_size=1, max_size=6)
head_text = st.text(alphabet=HEAD_ONLY, min_size=1, max_size=6)
# Few characters, so random texts often edit the same places.
small_alphabet = st.text(alphabet="用工人员物流，。、\n", max_size=40)


def replace(text: str, start: int, end: int, replacement: str) -> str:
    return text[:start] + replacement + text[end:]


def test_design_example_conflicts() -> None:
    head = DESIGN_BASE.replace("用工", "用工招聘")
    mine = DESIGN_BASE.replace("用工", "人员")

    result = three_way(DESIGN_BASE, mine, head)

    assert result == MergeResult(
        text=None, has_conflict=True, conflicts=((YONGGONG, YONGGONG + 2),)
    )


def test_patch_apply_would_have_hidden_the_design_conflict() -> None:
    # Why merge.py does not use patch_apply's flags: they all say success, and 招聘 is gone.
    dmp = diff_match_patch()
    head = DESIGN_BASE.replace("用工", "用工招聘")
    patches = dmp.patch_make(DESIGN_BASE, DESIGN_BASE.replace("用工", "人员"))

    text, applied = dmp.patch_apply(patches, head)

    assert all(applied)
    assert "招聘" not in text


def test_edits_one_character_apart_merge() -> None:
    head = DESIGN_BASE.replace("物流", "运输")
    mine = DESIGN_BASE.replace("用工", "人员")

    result = three_way(DESIGN_BASE, mine, head)

    assert result.text == "积极协调解决企业复产中遇到的人员、运输等问题"
    assert not result.has_conflict


def test_adjacent_edits_conflict() -> None:
    head = DESIGN_BASE.replace("、物流", "及物流")
    mine = DESIGN_BASE.replace("用工", "人员")

    assert three_way(DESIGN_BASE, mine, head).conflicts == ((YONGGONG, YONGGONG + 3),)


def test_insertions_at_the_same_point_conflict() -> None:
    head = DESIGN_BASE.replace("用工", "用工招聘")
    mine = DESIGN_BASE.replace("用工", "用工保障")

    assert three_way(DESIGN_BASE, mine, head).has_conflict


@pytest.mark.parametrize("inserted", ["招聘用工", "用工招聘"])
def test_insertion_at_either_edge_of_a_replacement_conflicts(inserted: str) -> None:
    head = DESIGN_BASE.replace("用工", inserted)
    mine = DESIGN_BASE.replace("用工", "人员")

    assert three_way(DESIGN_BASE, mine, head).has_conflict


def test_insertion_inside_a_deletion_conflicts() -> None:
    head = DESIGN_BASE.replace("用工、物流", "用工、原料、物流")
    mine = DESIGN_BASE.replace("用工、物流", "")

    assert three_way(DESIGN_BASE, mine, head).has_conflict


def test_each_conflicting_place_is_reported() -> None:
    head = DESIGN_BASE.replace("用工", "用人").replace("问题", "困难")
    mine = DESIGN_BASE.replace("用工", "人员").replace("等问题", "")
    end = len(DESIGN_BASE)

    assert three_way(DESIGN_BASE, mine, head).conflicts == (
        (YONGGONG, YONGGONG + 2),
        (end - 3, end),
    )


def test_identical_edits_on_both_sides_merge_to_head() -> None:
    edited = DESIGN_BASE.replace("用工", "人员")

    assert three_way(DESIGN_BASE, edited, edited) == MergeResult(edited, False)


def test_the_same_edit_beside_a_different_one_still_conflicts() -> None:
    # DESIGN.md's rule is about regions, not contents: only wholly identical texts are exempt.
    head = DESIGN_BASE.replace("用工", "人员")
    mine = head.replace("物流", "运输")

    assert three_way(DESIGN_BASE, mine, head).has_conflict


def test_unchanged_mine_gives_head() -> None:
    head = DESIGN_BASE.replace("用工", "人员")

    assert three_way(DESIGN_BASE, DESIGN_BASE, head).text == head


def test_unchanged_head_gives_mine() -> None:
    mine = DESIGN_BASE.replace("用工", "人员")

    assert three_way(DESIGN_BASE, mine, DESIGN_BASE).text == mine


def test_clean_merge_equals_mine_patched_onto_head() -> None:
    # DESIGN.md phrases the merge as patches base→mine applied onto head; for far-apart edits
    # diff-match-patch agrees with the result we build from the two region lists.
    base = "\n".join(f"（{i}）{phrase}。" for i, phrase in enumerate(PHRASES))
    head = base.replace("扎实推进", "持续推动").replace("（15）", "（十五）")
    mine = base.replace("强化督查考核", "强化督查考核问责").replace("形成工作合力", "")
    dmp = diff_match_patch()

    patched, applied = dmp.patch_apply(dmp.patch_make(base, mine), head)

    assert all(applied)
    assert three_way(base, mine, head).text == patched


def test_a_long_section_merges_many_disjoint_edits() -> None:
    lines = [
        f"{i}. {PHRASES[i % len(PHRASES)]}，{PHRASES[(i * 7) % len(PHRASES)]}。" for i in range(300)
    ]
    mine_lines, head_lines, expected = [*lines], [*lines], [*lines]
    for i in range(0, 300, 10):
        mine_lines[i] = expected[i] = lines[i].replace("。", "；并按期报告。")
        head_lines[i + 5] = expected[i + 5] = "（已修订）" + lines[i + 5]

    result = three_way("\n".join(lines), "\n".join(mine_lines), "\n".join(head_lines))

    assert result.text == "\n".join(expected)


def test_merge_result_refuses_text_with_conflicts() -> None:
    with pytest.raises(ValueError):
        MergeResult(text="正文", has_conflict=True, conflicts=((0, 1),))


@PROPERTY
@given(base=report_text | small_alphabet, other=report_text | small_alphabet)
def test_an_untouched_head_gives_mine(base: str, other: str) -> None:
    assert three_way(base, other, base).text == other


@PROPERTY
@given(base=report_text | small_alphabet, other=report_text | small_alphabet)
def test_an_untouched_mine_gives_head(base: str, other: str) -> None:
    assert three_way(base, base, other).text == other


@PROPERTY
@given(base=report_text | small_alphabet, other=report_text | small_alphabet)
def test_the_same_text_on_both_sides_merges_to_it(base: str, other: str) -> None:
    assert three_way(base, other, other).text == other


@PROPERTY
@given(base=small_alphabet, mine=small_alphabet, head=small_alphabet)
def test_merge_does_not_depend_on_which_side_is_mine(base: str, mine: str, head: str) -> None:
    assert three_way(base, mine, head) == three_way(base, head, mine)


@st.composite
def disjoint_exact_edits(draw: st.DrawFn) -> tuple[str, tuple[int, int], tuple[int, int]]:
    """A base text and two edit ranges with at least one untouched character between them."""
    base = draw(report_text.filter(lambda text: len(text) >= 3))
    first_start = draw(st.integers(0, len(base) - 2))
    first_end = draw(st.integers(first_start, len(base) - 2))
    second_start = draw(st.integers(first_end + 1, len(base)))
    second_end = draw(st.integers(second_start, len(base)))
    return base, (first_start, first_end), (second_start, second_end)


@PROPERTY
@given(
    edits=disjoint_exact_edits(),
    mine_first=st.booleans(),
    mine_new=mine_text,
    head_new=head_text,
)
def test_disjoint_edits_both_survive(
    edits: tuple[str, tuple[int, int], tuple[int, int]],
    mine_first: bool,
    mine_new: str,
    head_new: str,
) -> None:
    base, first, second = edits
    mine_range, head_range = (first, second) if mine_first else (second, first)
    mine = replace(base, *mine_range, mine_new)
    head = replace(base, *head_range, head_new)
    later, earlier = (
        (mine_range, head_range) if mine_range > head_range else (head_range, mine_range)
    )
    new_of = {mine_range: mine_new, head_range: head_new}
    expected = replace(replace(base, *later, new_of[later]), *earlier, new_of[earlier])

    assert three_way(base, mine, head) == MergeResult(expected, False)


@st.composite
def touching_edits(draw: st.DrawFn) -> tuple[str, tuple[int, int], tuple[int, int]]:
    """A base text and two edit ranges that overlap or touch (share at least an end point)."""
    base = draw(report_text)
    mine_start = draw(st.integers(0, len(base)))
    mine_end = draw(st.integers(mine_start, len(base)))
    head_start = draw(st.integers(0, mine_end))
    head_end = draw(st.integers(max(head_start, mine_start), len(base)))
    return base, (mine_start, mine_end), (head_start, head_end)


@PROPERTY
@given(edits=touching_edits(), mine_new=mine_text, head_new=head_text)
def test_overlapping_edits_always_conflict(
    edits: tuple[str, tuple[int, int], tuple[int, int]], mine_new: str, head_new: str
) -> None:
    base, mine_range, head_range = edits
    mine = replace(base, *mine_range, mine_new)
    head = replace(base, *head_range, head_new)
    whole = (min(mine_range[0], head_range[0]), max(mine_range[1], head_range[1]))

    assert three_way(base, mine, head) == MergeResult(None, True, (whole,))


@st.composite
def phrase_edit(draw: st.DrawFn, text: str, start: int, end: int) -> tuple[int, int, str]:
    """A drafter-like edit inside text[start:end]: insert, delete or rewrite a few characters."""
    at = draw(st.integers(start, end - 10))
    kind = draw(st.sampled_from(["insert", "delete", "rewrite"]))
    if kind == "insert":
        return at, at, draw(st.sampled_from(PHRASES))
    length = draw(st.integers(1, 10))
    if kind == "delete":
        return at, at + length, ""
    return at, at + length, draw(st.sampled_from(PHRASES))[: draw(st.integers(1, 8))]


@PROPERTY
@given(base=long_report_text, data=st.data())
def test_far_apart_phrase_edits_both_survive(base: str, data: st.DataObject) -> None:
    split = data.draw(st.integers(20, len(base) - FAR_APART_CHARS - 20))
    early = data.draw(phrase_edit(base, 0, split))
    late = data.draw(phrase_edit(base, split + FAR_APART_CHARS, len(base)))
    mine, head = replace(base, *early), replace(base, *late)

    result = three_way(base, mine, head)

    assert result.text == replace(replace(base, *late), *early)
