"""spacing: stray spaces, invisible characters, full-width spaces inside sentences."""

from __future__ import annotations

from webapp.text.proofing import spacing


def _found(text: str) -> list[tuple[str, str, str | None]]:
    return [(f.code, f.text, f.suggestion) for f in spacing.check(text)]


def test_spaces_between_chinese_characters() -> None:
    assert _found("全年 完成  投资任务。") == [
        ("stray-space", " ", ""),
        ("stray-space", "  ", ""),
    ]


def test_space_before_chinese_punctuation() -> None:
    assert _found("完成任务 。") == [("stray-space", " ", "")]


def test_spaces_next_to_latin_and_digits_are_a_matter_of_taste() -> None:
    assert _found("共完成 5 个项目，使用 Excel 统计。") == []


def test_indentation_and_space_after_heading_number_are_fine() -> None:
    assert (
        _found("\u3000\u3000全年完成投资任务。\n    二、 主要做法\n一、\u3000总体要求\u3000") == []
    )


def test_zero_width_characters_and_bom() -> None:
    text = "全年\u200b\u200b完成\ufeff任务"
    assert _found(text) == [
        ("invisible-char", "\u200b\u200b", ""),
        ("invisible-char", "\ufeff", ""),
    ]
    assert all(f.severity == "error" for f in spacing.check(text))


def test_no_break_space() -> None:
    assert _found("全年完成\u00a0投资任务。") == [("invisible-char", "\u00a0", "")]
    assert _found("使用Microsoft\u00a0Word编辑。") == [("invisible-char", "\u00a0", " ")]
    assert _found("\u00a0\u00a0全年完成投资任务。") == []


def test_fullwidth_space_inside_a_sentence() -> None:
    assert _found("全年完成投资任务，\u3000同比增长百分之五。") == [
        ("fullwidth-space", "\u3000", "")
    ]


def test_fullwidth_space_aligning_short_lines_is_fine() -> None:
    assert _found("局长　张　三\n副局长　李　四") == []
