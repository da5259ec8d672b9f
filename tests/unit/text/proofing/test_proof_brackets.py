"""brackets: unmatched or wrongly nested quotes and brackets, per paragraph."""

from __future__ import annotations

from webapp.text.proofing import brackets


def _found(text: str) -> list[tuple[int, str]]:
    return [(f.start, f.text) for f in brackets.check(text)]


def test_unclosed_quote_from_the_sample() -> None:
    text = "对标先进地区，打造“办事不求人的营商环境。"
    assert _found(text) == [(text.index("“"), "“")]


def test_stray_closing_mark_is_reported_at_its_position() -> None:
    text = "坚持“项目为王”理念”，抓好项目。"
    assert _found(text) == [(text.rindex("”"), "”")]


def test_wrongly_nested_marks() -> None:
    text = "学习“《条例”》精神"
    assert _found(text) == [(text.index("《"), "《"), (text.index("》"), "》")]


def test_each_kind_of_bracket() -> None:
    for opening, closing in ["《》", "（）", "【】", "‘’", "〈〉", "「」", "『』"]:
        assert _found(f"甲{opening}乙") == [(1, opening)]
        assert _found(f"甲{closing}乙") == [(1, closing)]


def test_balance_is_judged_per_line() -> None:
    text = "他说“第一句\n第二句”结束。"
    assert _found(text) == [(2, "“"), (text.index("”"), "”")]


def test_multi_paragraph_quotation_convention_is_accepted() -> None:
    assert _found("“第一段引文。\n  “第二段引文。\n“第三段，至此结束。”") == []


def test_balanced_nested_marks_and_apostrophes_are_fine() -> None:
    assert _found("他说：“要把‘一竿子插到底’落到实处（见《意见》）。”") == []
    assert _found("the team’s plan") == []


def test_title_nested_in_a_title_takes_single_marks() -> None:
    text = "认真学习《关于《条例》的说明》。"
    (finding,) = brackets.check(text)
    assert (finding.code, finding.text, finding.suggestion) == (
        "nested-title-marks",
        "《条例》",
        "〈条例〉",
    )
    assert finding.start == text.index("《条例")


def test_single_marks_inside_a_title_are_right() -> None:
    assert _found("学习《关于〈条例〉的说明》") == []
    assert list(brackets.check("《甲》和《乙》")) == []
    assert list(brackets.check("《关于〈实施《条例》的办法〉的说明》")) == []
