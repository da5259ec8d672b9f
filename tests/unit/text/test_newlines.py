"""Line endings on the way in, and offsets from a page mapped onto a stored CRLF text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from webapp.text.newlines import display_offset_to_stored, normalise_newlines

texts = st.lists(st.sampled_from(["甲", "乙", "\r\n", "\r", "\n", "a"]), max_size=40).map("".join)


def test_crlf_and_lone_cr_become_newlines():
    assert normalise_newlines("一\r\n二\r三\n四") == "一\n二\n三\n四"


@given(texts)
def test_normalising_twice_changes_nothing(text):
    once = normalise_newlines(text)
    assert "\r" not in once and normalise_newlines(once) == once


@given(texts)
def test_every_displayed_offset_maps_onto_the_same_characters(stored):
    shown = normalise_newlines(stored)
    for offset in range(len(shown) + 1):
        mapped = display_offset_to_stored(stored, offset)
        assert normalise_newlines(stored[:mapped]) == shown[:offset]


def test_an_offset_past_the_end_stays_past_the_end():
    assert display_offset_to_stored("甲\r\n乙", 5) == 6
    assert display_offset_to_stored("甲\n乙", 5) == 5
