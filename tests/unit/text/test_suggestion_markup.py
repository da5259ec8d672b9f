"""Inline suggestion markup: struck original, underlined replacement, name; escaped; overlaps."""

from __future__ import annotations

from webapp.text.suggestion_markup import InlineMark, drawable, inline_html


def test_marks_are_drawn_in_place_with_the_suggesters_name():
    html = inline_html("投资12亿元。", [InlineMark(1, 2, 6, "12.3亿元", "王审核")])
    assert str(html) == (
        '投资<span class="tg-suggestion" data-suggestion="1"><del class="diff-del">12亿元</del>'
        '<ins class="diff-ins">12.3亿元</ins><sup class="tg-suggester">王审核</sup></span>。'
    )


def test_user_text_is_escaped_everywhere():
    html = str(inline_html("<b>正文</b>", [InlineMark(1, 0, 3, "<i>", "<script>")]))
    assert "<b>" not in html and "<i>" not in html and "<script>" not in html
    assert "&lt;script&gt;" in html and "&lt;/b&gt;" in html


def test_overlapping_marks_keep_the_first():
    marks = [
        InlineMark(2, 3, 8, "b", "乙"),
        InlineMark(1, 0, 5, "a", "甲"),
        InlineMark(3, 8, 8, "c", "丙"),
    ]
    assert [m.id for m in drawable(marks)] == [1, 3]


def test_no_marks_is_the_escaped_text():
    assert str(inline_html("a&b", [])) == "a&amp;b"
