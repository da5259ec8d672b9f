"""confusables: the data file, one-pass matching, context rules and word-boundary guards."""

from __future__ import annotations

import pytest

from webapp.text.proofing import confusables


def _found(text: str) -> list[tuple[str, str, str | None]]:
    return [(f.severity, f.text, f.suggestion) for f in confusables.check(text)]


def test_the_list_is_data_of_several_hundred_entries() -> None:
    entries = confusables.parse(confusables.DATA_FILE.read_text(encoding="utf-8").splitlines())
    assert len(entries) >= 300
    assert len({entry.wrong for entry in entries}) == len(entries)
    assert all((entry.wrong == entry.right) == (entry.severity == "right") for entry in entries)


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("要按步就班推进", "按步就班", "按部就班"),
        ("对过去的问题既往不究", "既往不究", "既往不咎"),
        ("一股作气完成任务", "一股作气", "一鼓作气"),
        ("大家谈笑风声", "谈笑风声", "谈笑风生"),
        ("防止纪律松驰", "松驰", "松弛"),
        ("必竟基础薄弱", "必竟", "毕竟"),
        ("认真贯澈落实", "贯澈", "贯彻"),
        ("全面布署", "布署", "部署"),
        ("久久为公", "久久为公", "久久为功"),
    ],
)
def test_wrong_forms_are_errors_with_their_correction(text: str, wrong: str, right: str) -> None:
    assert _found(text) == [("error", wrong, right)]


def test_jiezhi_before_a_point_in_time_is_jiezhi_to() -> None:
    for text in ("截止本月底，全县完成", "截止2021年6月底", "截止目前", "截止今年9月"):
        assert _found(text) == [("error", "截止", "截至")], text


@pytest.mark.parametrize(
    "text",
    ["报名截止日期为5月10日", "申报材料的截止时间", "截止到目前", "报名于5月10日截止。"],
)
def test_jiezhi_as_a_deadline_is_right(text: str) -> None:
    assert _found(text) == []


def test_du_guo_a_period_and_du_guo_a_difficulty() -> None:
    assert _found("帮助企业度过难关") == [("warning", "度过", "渡过")]
    assert _found("渡过了一个平安祥和的春节") == [("warning", "渡过", "度过")]
    assert _found("帮助企业渡过难关，度过了一个祥和的春节") == []


def test_variant_forms_are_warnings() -> None:
    assert _found("加强台帐管理") == [("warning", "台帐", "台账")]
    assert _found("部份乡镇") == [("warning", "部份", "部分")]


@pytest.mark.parametrize(
    "text",
    [
        "研究竞争性配置资金的办法",  # 研究|竞争, not 究竞
        "企业毕竟争取到了订单",  # 毕竟|争取, not 竟争
        "按装机容量计算",  # 按|装机容量, not 按装
        "召开消防安全工作会议",
        "深入学习贯彻",
        "既便于群众办事，又节约行政成本",  # 既|便于, not 既便
        "支付责任由甲方承担",  # 支付|责任, not 付责
    ],
)
def test_wrong_forms_across_a_word_boundary_are_not_reported(text: str) -> None:
    assert _found(text) == []


def test_a_right_phrase_hides_the_wrong_form_inside_it() -> None:
    assert _found("激动得不能自已") == []
    assert _found("要从自已做起") == [("error", "自已", "自己")]


def test_overlapping_hits_keep_the_longest_and_offsets_match() -> None:
    text = "第一句。\n要坚苦卓绝地奋斗，必竟如此"
    findings = list(confusables.check(text))
    assert [f.text for f in findings] == ["坚苦卓绝", "必竟"]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text


def test_bad_data_lines_are_refused() -> None:
    with pytest.raises(ValueError, match="bad confusable entry"):
        confusables.parse(["松驰 松弛"])
    with pytest.raises(ValueError, match="bad confusable entry"):
        confusables.parse(["松驰 松弛 fatal"])
    with pytest.raises(ValueError, match="bad confusable entry"):
        confusables.parse(["不能自已 不能自己 right"])
    assert confusables.parse(["# comment", "", "松驰 松弛 error"])[0].right == "松弛"
