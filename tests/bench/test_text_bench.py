"""Benchmarks of the pure text functions on a large report (≈60,000 characters, 200 sections).

Run: .venv/bin/python -m pytest tests/bench/test_text_bench.py --benchmark-enable \
         -p no:cacheprovider -o addopts=""
"""

from __future__ import annotations

import random

import pytest

from webapp.text import outline, proofing
from webapp.text.numbering import render_number
from webapp.text.proofing import doubled

TARGET_CHARS = 60_000
TOP_SECTIONS = 40  # each with 4 subsections: 200 numbered sections in all
SUBSECTIONS = 4
MAX_SECONDS = 1.0

_SENTENCES = [
    "全年实现地区生产总值XX亿元，同比增长5.2%，增速高于全省平均水平。",
    "紧紧围绕“六稳”“六保”任务，统筹推进疫情防控和经济社会发展。",
    "认认真真学习贯彻党的十九届五中全会精神，实实在在为群众办实事。",
    "深入学习习近平新时代中国特色社会主义思想，推动各项工作落地见效。",
    "常常深入企业一线调度，及时协调解决企业复工复产中遇到的用工、物流、资金等问题。",
    "实行“一个项目、一名领导、一套班子、一抓到底”工作机制，全年新开工项目120个。",
    "全面推行投资项目审批“一网通办”，审批时限压缩至5个工作日以内。",
    "完成重要民生商品价格监测48次，及时发布价格信息，保持了的的市场价格总体平稳。",
    "竣工投产35个,完成投资86亿元，同比增长12.5%。",
    "对标先进地区，打造“办事不求人的营商环境，群众满意度达到96.8%。",
    "人人参与、天天坚持，家家户户签订承诺书，层层压实责任。",
    "这项工作要研究研究，一步一步推进，一件一件抓落实。",
]


def make_report(seed: int = 2020) -> str:
    """A report with a preamble, 40 一、 sections of 4 run-in items each, ≈60k characters."""
    rng = random.Random(seed)
    per_section = TARGET_CHARS // (TOP_SECTIONS * (SUBSECTIONS + 1))
    lines = ["县发展和改革局2020年工作总结和2021年工作思路", _paragraph(rng, 300)]
    for top in range(1, TOP_SECTIONS + 1):
        lines.append(render_number(1, top) + f"第{top}项重点工作扎实推进")
        lines.append(_paragraph(rng, per_section))
        for sub in range(1, SUBSECTIONS + 1):
            lines.append(f"{sub}、第{sub}项具体任务持续加强。" + _paragraph(rng, per_section))
    return "\n".join(lines) + "\n"


def _paragraph(rng: random.Random, size: int) -> str:
    text = ""
    while len(text) < size:
        text += rng.choice(_SENTENCES)
    return text


@pytest.fixture(scope="module")
def report() -> str:
    text = make_report()
    assert 55_000 <= len(text) <= 70_000
    return text


def test_outline_parse(benchmark, report: str) -> None:
    parsed = benchmark(outline.parse, report)
    assert sum(1 + len(node.children) for node in parsed.sections if node.kind == "numbered") == 200
    assert benchmark.stats.stats.mean < MAX_SECONDS


def test_proofing_check(benchmark, report: str) -> None:
    proofing.check("保持了的的平稳")  # load jieba outside the timed runs
    findings = benchmark(proofing.check, report)
    codes = {finding.code for finding in findings}
    assert {"placeholder", "doubled-char", "halfwidth-punct", "unbalanced-bracket"} <= codes
    assert benchmark.stats.stats.mean < MAX_SECONDS


def test_jieba_dictionary_is_loaded_once_per_process(report: str) -> None:
    for _ in range(3):
        proofing.check(report)
    assert doubled.tokenizer.cache_info().misses == 1
    assert doubled.tokenizer().initialized
