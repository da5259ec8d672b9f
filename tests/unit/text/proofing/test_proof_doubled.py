"""doubled: typing slips (为为, 的的, 彻底彻底) versus reduplication and word boundaries."""

from __future__ import annotations

import pytest

from webapp.text.proofing import doubled


def _found(text: str) -> list[tuple[str, str, str | None]]:
    return [(f.code, f.text, f.suggestion) for f in doubled.check(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("保持了的的市场价格总体平稳。", ("doubled-char", "的的", "的")),
        ("要为为群众办实事。", ("doubled-char", "为为", "为")),
        ("完成了了全年任务。", ("doubled-char", "了了", "了")),
        ("我们在在岗职工中开展培训。", ("doubled-char", "在在", "在")),
        ("项目已已完成验收。", ("doubled-char", "已已", "已")),
        ("我们们要认真落实。", ("doubled-char", "们们", "们")),
        ("这项工作要彻底彻底解决。", ("doubled-word", "彻底彻底", "彻底")),
        ("问题问题要及时整改。", ("doubled-word", "问题问题", "问题")),
        ("各项各项工作全面推进。", ("doubled-word", "各项各项", "各项")),
        ("要认真真落实各项政策。", ("doubled-char", "真真", "真")),
        ("做到应收尽收收。", ("doubled-char", "收收", "收")),
        ("持续续推进改革。", ("doubled-char", "续续", "续")),
        ("进一步步加强管理。", ("doubled-char", "步步", "步")),
        ("要加强加强组织领导。", ("doubled-word", "加强加强", "加强")),
        ("持续推进推进改革。", ("doubled-word", "推进推进", "推进")),
        ("全面落实落实责任制。", ("doubled-word", "落实落实", "落实")),
        ("要切切实实实加强管理。", ("doubled-char", "实实实", "实实")),
        ("进一步优化营营商环境。", ("doubled-char", "营营", "营")),
        ("加快形成新新格局。", ("doubled-char", "新新", "新")),
    ],
)
def test_slips_are_flagged(text: str, expected: tuple[str, str, str]) -> None:
    assert _found(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "紧紧围绕中心工作",
        "常常深入企业一线",
        "认认真真学习贯彻",
        "实实在在提升群众获得感",
        "深入学习习近平新时代中国特色社会主义思想",
        "大大提高工作效率",
        "人人参与，天天坚持",
        "家家户户签订承诺书",
        "层层压实责任，步步为营推进",
        "年年开展评比，一一落实整改",
        "看看群众满意不满意",
        "这件事要研究研究，再讨论讨论",
        "一步一步推进，一点一点落实",
        "他的的确确是好干部，他的的确是好干部",
        "决不能不了了之",
        "件件有着落，事事有回音",
        "实现目的的手段",
        "人民民主是社会主义的生命",
        "等等",
        "就就业问题开展调研",
        "要对对象进行分类",
        "他们一个个冲锋在前，一次次化险为夷",
        "现在在全县推广这一做法",
        "要成为为民服务的贴心人",
        "今年年底前完成，去年年初启动",
        "要求求真务实，工作作风扎实",
        "了解了解情况，商量商量办法",
        "哈哈哈大笑",
        "一九九九年，农药六六六停用",
        "全镇镇村干部熟悉本县县情",
        "探索创新新模式，更新新设备，加大大力度",
        "以优质服务服务企业",
        "我们要要求企业整改，我们有有效的办法",
    ],
)
def test_reduplication_and_word_boundaries_are_not_flagged(text: str) -> None:
    assert _found(text) == []


def test_severity_is_error_for_function_words_and_warning_for_content_words() -> None:
    assert [f.severity for f in doubled.check("为为群众，认真真落实")] == ["error", "warning"]


def test_findings_point_into_the_whole_text() -> None:
    text = "第一句没问题。\n第二句保持了的的平稳，要为为群众服务。"
    for finding in doubled.check(text):
        assert text[finding.start : finding.end] == finding.text


def test_jieba_is_loaded_once_and_lazily() -> None:
    list(doubled.check("为为"))
    list(doubled.check("的的"))
    assert doubled.tokenizer.cache_info().misses == 1
    assert doubled.tokenizer().initialized
