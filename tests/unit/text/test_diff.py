"""Character diffs: ops rebuild both texts, backends agree, changed regions of base."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.text import diff as diff_module
from webapp.text.diff import (
    BACKENDS,
    DELETE,
    EQUAL,
    INSERT,
    Hunk,
    changed_regions,
    compact,
    diff,
    hunks,
    new_text,
    old_text,
)

BASE = "积极协调解决企业复产中遇到的用工、物流等问题"

# Few distinct characters, so random texts share a lot and diffs have many small ops.
small_alphabet = st.text(alphabet="用工人员物流，。、\n的a<&", max_size=60)
any_text = st.text(max_size=80)
PROPERTY = settings(max_examples=200, deadline=None)


def test_identical_texts_are_one_equality() -> None:
    assert diff(BASE, BASE) == [(EQUAL, BASE)]


def test_empty_texts_have_no_ops() -> None:
    assert diff("", "") == []


def test_replacement_is_a_deletion_then_an_insertion() -> None:
    ops = diff(BASE, BASE.replace("用工", "人员"))

    assert ops == [
        (EQUAL, "积极协调解决企业复产中遇到的"),
        (DELETE, "用工"),
        (INSERT, "人员"),
        (EQUAL, "、物流等问题"),
    ]


def test_semantic_cleanup_keeps_a_rewritten_phrase_whole() -> None:
    # Without cleanup the shared 的 would split the change into scattered fragments.
    ops = diff("加强组织的领导", "完善工作的机制")

    assert ops == [(DELETE, "加强组织的领导"), (INSERT, "完善工作的机制")]


def test_one_edited_line_in_a_long_text_changes_only_that_line() -> None:
    lines = [f"第{i}段：深入贯彻落实党的二十大精神，扎实推进高质量发展。" for i in range(400)]
    edited = [*lines]
    edited[200] = edited[200].replace("扎实", "稳步")

    ops = diff("\n".join(lines), "\n".join(edited))

    assert [(op, text) for op, text in ops if op != EQUAL] == [(DELETE, "扎实"), (INSERT, "稳步")]


def test_the_line_pre_pass_leaves_no_empty_ops() -> None:
    # Found by search: both backends' line mode return (INSERT, "") for this pair.
    han, latin = "用工物流问题企业复产协调解决", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits, inserted = "0123456789一二三四五六七八九十", "严格落实主体责任"
    a = "\n".join([han, latin, digits, latin, "甲乙丙丁戊己庚辛壬癸子丑寅卯辰"])
    b = "\n".join([inserted, han, latin, inserted, digits, latin])

    ops = diff(a, b)

    assert all(text for _, text in ops)
    assert all(first[0] != second[0] for first, second in itertools.pairwise(ops))
    assert (old_text(ops), new_text(ops)) == (a, b)


def test_compact_drops_empty_ops_and_joins_neighbours() -> None:
    ops = [(EQUAL, "ab"), (INSERT, ""), (EQUAL, "c"), (DELETE, "d"), (DELETE, "e")]

    assert compact(ops) == [(EQUAL, "abc"), (DELETE, "de")]


def test_the_fast_backend_is_installed_and_picked() -> None:
    assert diff_module.BACKEND == "fast"


@PROPERTY
@given(a=any_text, b=any_text)
def test_ops_rebuild_both_texts(a: str, b: str) -> None:
    ops = diff(a, b)

    assert old_text(ops) == a
    assert new_text(ops) == b


@PROPERTY
@given(a=small_alphabet, b=small_alphabet)
def test_ops_rebuild_both_texts_with_many_shared_characters(a: str, b: str) -> None:
    ops = diff(a, b)

    assert (old_text(ops), new_text(ops)) == (a, b)
    assert all(text for _, text in ops)


@PROPERTY
@given(a=small_alphabet, b=small_alphabet)
def test_backends_give_identical_ops(a: str, b: str) -> None:
    assert BACKENDS["fast"](a, b) == BACKENDS["python"](a, b)


# Not named "backend": tests/conftest.py owns that name for database backends.
@pytest.mark.parametrize("diff_backend", sorted(BACKENDS))
def test_huge_unrelated_texts_still_give_exact_ops_under_a_timeout(
    diff_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(diff_module, "DIFF_TIMEOUT_S", 0.1)
    rng = random.Random(7)
    a = "".join(rng.choice("用工人员物流问题企业") for _ in range(30_000))
    b = "".join(rng.choice("复产协调解决遇到等的") for _ in range(30_000)) + a[:100]

    ops = BACKENDS[diff_backend](a, b)

    # How long it took is measured in tests/bench; here: a cut-short diff is still exact.
    assert (old_text(ops), new_text(ops)) == (a, b)


def test_changed_regions_of_a_replacement() -> None:
    start = BASE.index("用工")

    assert changed_regions(BASE, BASE.replace("用工", "人员")) == [(start, start + 2)]


def test_an_insertion_is_an_empty_region() -> None:
    end = BASE.index("用工") + 2

    assert changed_regions(BASE, BASE.replace("用工", "用工招聘")) == [(end, end)]


def test_a_deletion_is_the_deleted_range() -> None:
    start = BASE.index("、物流")

    assert changed_regions(BASE, BASE.replace("、物流", "")) == [(start, start + 3)]


def test_changed_regions_of_several_edits_are_in_order() -> None:
    other = "深入" + BASE.replace("用工", "人员").replace("等问题", "")

    assert changed_regions(BASE, other) == [(0, 0), (14, 16), (19, 22)]


def test_unchanged_text_has_no_regions() -> None:
    assert changed_regions(BASE, BASE) == []


def test_empty_ops_do_not_split_a_hunk() -> None:
    ops = [(EQUAL, "ab"), (DELETE, "c"), (EQUAL, ""), (INSERT, "x"), (EQUAL, "d")]

    assert hunks(ops) == [Hunk(2, 3, "x")]


@PROPERTY
@given(base=small_alphabet, other=small_alphabet)
def test_hunks_are_ordered_separated_and_rebuild_the_other_text(base: str, other: str) -> None:
    found = hunks(diff(base, other))

    rebuilt, pos = [], 0
    for i, h in enumerate(found):
        assert h.start <= h.end
        assert i == 0 or h.start > pos  # at least one unchanged character between hunks
        rebuilt += [base[pos : h.start], h.replacement]
        pos = h.end
    assert "".join([*rebuilt, base[pos:]]) == other
