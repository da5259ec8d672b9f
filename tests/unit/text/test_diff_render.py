"""Diff markup: track changes and side by side, always escaped; change counts."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from webapp.text.diff import diff
from webapp.text.diff_render import DiffStats, inline_html, side_by_side, stats

BASE = "积极协调解决企业复产中遇到的用工、物流等问题"
TAG = re.compile(r"<[^>]*>")


def visible_text(markup: Markup) -> str:
    """What a browser shows, minus the ↵ marks: tags dropped, entities decoded."""
    without_marks = str(markup).replace('<span class="diff-eol" aria-hidden="true">↵</span>', "")
    return Markup(TAG.sub("", without_marks)).unescape()


def test_inline_marks_deletions_and_insertions() -> None:
    html = inline_html(diff(BASE, BASE.replace("用工", "人员")))

    assert html == Markup(
        "积极协调解决企业复产中遇到的"
        '<del class="diff-del">用工</del><ins class="diff-ins">人员</ins>'
        "、物流等问题"
    )


def test_side_by_side_marks_each_side_only() -> None:
    left, right = side_by_side(diff(BASE, BASE.replace("用工", "人员")))

    assert left == Markup(
        '积极协调解决企业复产中遇到的<del class="diff-del">用工</del>、物流等问题'
    )
    assert right == Markup(
        '积极协调解决企业复产中遇到的<ins class="diff-ins">人员</ins>、物流等问题'
    )


def test_script_in_either_text_is_escaped() -> None:
    old = "正文<script>alert(1)</script>旧"
    new = "正文<script>alert(2)</script>新<img src=x onerror=alert(3)>"
    ops = diff(old, new)

    for html in (inline_html(ops), *side_by_side(ops)):
        assert "<script" not in html
        assert "<img" not in html
    assert "&lt;script&gt;" in inline_html(ops)


def test_unchanged_markup_in_text_is_escaped() -> None:
    assert inline_html(diff("<b>加粗</b>", "<b>加粗</b>")) == Markup("&lt;b&gt;加粗&lt;/b&gt;")


def test_newlines_stay_newlines() -> None:
    text = "一、总体情况\n二、主要做法"

    assert inline_html(diff(text, text)) == Markup(text)


def test_an_inserted_paragraph_break_is_marked() -> None:
    html = inline_html(diff("总体情况。主要做法", "总体情况。\n主要做法"))

    assert html == Markup(
        '总体情况。<ins class="diff-ins"><span class="diff-eol" aria-hidden="true">↵</span>\n'
        "</ins>主要做法"
    )


def test_stats_count_characters_inserted_and_deleted() -> None:
    ops = diff(BASE, BASE.replace("用工", "人员招聘").replace("、物流", ""))

    assert stats(ops) == DiffStats(inserted_chars=4, deleted_chars=5)


def test_no_ops_render_empty() -> None:
    assert inline_html([]) == Markup("")
    assert side_by_side([]) == (Markup(""), Markup(""))
    assert stats([]) == DiffStats(0, 0)


@settings(max_examples=200, deadline=None)
@given(old=st.text(max_size=60), new=st.text(max_size=60))
def test_each_side_shows_exactly_its_text(old: str, new: str) -> None:
    left, right = side_by_side(diff(old, new))

    assert visible_text(left) == old
    assert visible_text(right) == new
