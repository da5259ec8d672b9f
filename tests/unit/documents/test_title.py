"""Breaking long titles between words, in balanced lines of about 20 characters at most."""

from __future__ import annotations

import pytest

from webapp.documents.title import MAX_TITLE_LINE_CHARS, title_lines, width_in_chars

REAL_TITLES = {
    # the weijian sample: 39 characters, one natural pause at 暨
    "市卫生健康委员会2021年上半年工作总结暨下半年重点工作安排及二〇二二年工作谋划": [
        "市卫生健康委员会2021年上半年工作总结暨",
        "下半年重点工作安排及二〇二二年工作谋划",
    ],
    "关于进一步加强和改进新时代基层卫生健康工作的实施意见": [
        "关于进一步加强和改进新时代",
        "基层卫生健康工作的实施意见",
    ],
    "某某市卫生健康委员会2021年上半年工作总结和下半年工作计划": [
        "某某市卫生健康委员会2021年上半年",
        "工作总结和下半年工作计划",
    ],
    "某某市发展和改革委员会2020年工作总结和2021年工作思路": [
        "某某市发展和改革委员会2020年",
        "工作总结和2021年工作思路",
    ],
}


@pytest.mark.parametrize("title", list(REAL_TITLES))
def test_real_titles_break_between_words_into_balanced_lines(title):
    lines = title_lines(title)
    assert lines == REAL_TITLES[title]
    assert "".join(lines) == title


@pytest.mark.parametrize("title", list(REAL_TITLES))
def test_no_line_is_longer_than_the_limit(title):
    assert all(width_in_chars(line) <= MAX_TITLE_LINE_CHARS for line in title_lines(title))


def test_a_word_is_never_cut():
    lines = title_lines("县发展和改革局2020年工作总结和2021年工作思路")
    for line in lines:
        assert not line.startswith(("作", "结", "路")) and not line.endswith(("工", "总"))


def test_a_short_title_stays_on_one_line():
    assert title_lines("县发展和改革局工作总结") == ["县发展和改革局工作总结"]


def test_lines_the_author_broke_are_kept():
    title = "某某市发展和改革委员会\n2020年工作总结和2021年工作思路"
    assert title_lines(title) == ["某某市发展和改革委员会", "2020年工作总结和2021年工作思路"]


def test_a_very_long_title_takes_three_lines_none_starting_with_a_closing_mark():
    title = (
        "中共某某市委办公室某某市人民政府办公室关于印发"
        "某某市推进高质量发展三年行动方案（2021—2023年）的通知"
    )
    lines = title_lines(title)
    assert len(lines) == 3 and "".join(lines) == title
    assert all(width_in_chars(line) <= MAX_TITLE_LINE_CHARS for line in lines)
    assert not any(line[0] in "）》，、" or line[-1] in "（《" for line in lines)


def test_digits_count_half_a_character():
    assert width_in_chars("2021年") == 3.0
