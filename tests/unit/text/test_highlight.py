"""Highlighting comment anchors keeps every character once, escaped."""

from __future__ import annotations

import html
import re

from webapp.text.highlight import highlight


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_ranges_are_marked_and_text_is_kept():
    text = "全年实现地区生产总值120亿元。"
    out = highlight(text, [(2, 4, "7")])
    assert '<mark class="comment-anchor" data-comment="7">实现</mark>' in out
    assert _plain(out) == text


def test_user_html_is_escaped_and_overlaps_do_not_duplicate():
    text = "<b>加粗</b>与正文"
    out = highlight(text, [(0, 5, "1"), (3, 8, "2")])
    assert "<b>" not in out.replace('<mark class="comment-anchor"', "")
    assert _plain(out) == text
