"""Document renderer benchmarks on a 200-section report of about 100 pages.

Run: .venv/bin/python -m pytest tests/bench/test_documents_bench.py --benchmark-enable -o addopts=""

Measures a cold DOCX render (fresh cache), a re-render after one changed section (warm cache;
goal ≤ 30 % of cold), the LibreOffice PDF conversion, and peak memory of both.
"""

from __future__ import annotations

import dataclasses
import random
import re
import resource
import shutil
import statistics
import subprocess
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from webapp.documents.gbt9704 import DocxCache, render_docx
from webapp.documents.model import DocumentSpec
from webapp.documents.pdf import docx_to_pdf
from webapp.text.nodes import OutlineNode

SECTION_COUNT = 200
REWRITE_GOAL = 0.30

_SUBJECTS = (
    "全市上下",
    "各级各部门",
    "我委",
    "全系统",
    "各县（市、区）",
    "领导班子",
    "广大党员干部",
)
_ACTIONS = (
    "坚持以习近平新时代中国特色社会主义思想为指导",
    "深入贯彻落实党的二十大精神",
    "聚焦高质量发展首要任务",
    "统筹推进稳增长、促改革、调结构、惠民生、防风险",
    "扎实推进重大项目建设",
    "持续优化营商环境",
    "着力扩大有效投资",
    "加快构建现代化产业体系",
    "全面推进乡村振兴",
    "守牢安全生产底线",
)
_RESULTS = (
    "全年完成固定资产投资{n}亿元，同比增长{p}%",
    "新开工重点项目{n}个，竣工投产{m}个",
    "城镇新增就业{n}人，城镇调查失业率控制在{p}%以内",
    "“放管服”改革取得明显成效，办理时限压缩{p}%",
    "规模以上工业增加值增长{p}%，高于全省平均水平",
    "全年争取上级资金{n}亿元，创历史新高",
)
_HEADINGS = (
    "经济运行稳中向好",
    "项目建设提速增效",
    "改革开放持续深化",
    "民生保障有力有效",
    "生态环境明显改善",
    "安全发展底线守牢",
    "自身建设全面加强",
    "营商环境持续优化",
    "产业结构加快升级",
    "城乡融合深入推进",
)


def _sentence(rng: random.Random) -> str:
    result = rng.choice(_RESULTS).format(
        n=rng.randint(12, 980), m=rng.randint(3, 60), p=rng.randint(2, 35)
    )
    return f"{rng.choice(_SUBJECTS)}{rng.choice(_ACTIONS)}，{result}。"


def _body(rng: random.Random, paragraphs: int) -> str:
    return "\n".join(
        "".join(_sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(paragraphs)
    )


def _numbered(rng: random.Random, level: int, run_in: bool = False) -> OutlineNode:
    heading = rng.choice(_HEADINGS) + ("。" if run_in else "")
    return OutlineNode("numbered", level, heading, _body(rng, rng.randint(1, 3)), run_in)


def report_spec(seed: int = 2024) -> DocumentSpec:
    """2 parts × 4 一、 × 4 （一） × 5 1. (run-in) items + preambles: 200 nodes, ~100 pages."""
    rng = random.Random(seed)
    parts = []
    for year in ("2023年工作总结", "2024年工作思路"):
        chapters = []
        for _ in range(4):
            sections = []
            for _ in range(4):
                items = tuple(_numbered(rng, 3, run_in=True) for _ in range(5))
                sections.append(dataclasses.replace(_numbered(rng, 2), children=items))
            chapters.append(dataclasses.replace(_numbered(rng, 1), children=tuple(sections)))
        parts.append(OutlineNode("part", 0, year, _body(rng, 1), children=tuple(chapters)))
    preamble = OutlineNode("preamble", 0, body=_body(rng, 2))
    return DocumentSpec("某某市发展和改革委员会2023年工作总结和2024年工作思路", (preamble, *parts))


def count_sections(nodes: tuple[OutlineNode, ...]) -> int:
    return sum(1 + count_sections(node.children) for node in nodes)


def with_changed_section(spec: DocumentSpec, edit: int) -> DocumentSpec:
    """The spec with one 1. item's body edited (a different item and text per edit)."""
    part_index, rest = divmod(edit, 80)
    chapter_index, rest = divmod(rest, 20)
    section_index, item_index = divmod(rest, 5)
    part = spec.sections[1 + part_index]
    chapter = part.children[chapter_index]
    section = chapter.children[section_index]
    item = section.children[item_index]
    item = dataclasses.replace(item, body=item.body + f"修改第{edit}稿。")
    section = _replace_child(section, item_index, item)
    chapter = _replace_child(chapter, section_index, section)
    part = _replace_child(part, chapter_index, chapter)
    sections = list(spec.sections)
    sections[1 + part_index] = part
    return dataclasses.replace(spec, sections=tuple(sections))


def _replace_child(node: OutlineNode, index: int, child: OutlineNode) -> OutlineNode:
    children = list(node.children)
    children[index] = child
    return dataclasses.replace(node, children=tuple(children))


def best_of(function: Callable[[], object], rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


@pytest.fixture(scope="module")
def spec() -> DocumentSpec:
    spec = report_spec()
    assert count_sections(spec.sections) == SECTION_COUNT + 3  # + preamble and two parts
    return spec


def test_docx_cold_render(benchmark, spec):
    docx = benchmark(lambda: render_docx(spec, DocxCache()))
    benchmark.extra_info["docx_bytes"] = len(docx)


def test_docx_rerender_after_one_changed_section(benchmark, spec):
    cache = DocxCache()
    render_docx(spec, cache)
    edits = iter(range(10_000))

    def changed() -> tuple[tuple[DocumentSpec, DocxCache], dict]:
        return (with_changed_section(spec, next(edits) % 160), cache), {}

    benchmark.pedantic(render_docx, setup=changed, rounds=30, iterations=1)


def test_rerender_costs_at_most_30_percent_of_a_cold_render(spec):
    cache = DocxCache()
    render_docx(spec, cache)
    edits = iter(range(10_000))
    cold = best_of(lambda: render_docx(spec, DocxCache()), rounds=7)
    warm = best_of(lambda: render_docx(with_changed_section(spec, next(edits)), cache), rounds=15)
    print(f"\ncold {cold * 1000:.1f} ms, re-render {warm * 1000:.1f} ms, ratio {warm / cold:.2f}")
    assert warm <= REWRITE_GOAL * cold


def test_docx_render_peak_memory(spec):
    tracemalloc.start()
    docx = render_docx(spec, DocxCache())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    process_peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak Python allocation during a cold render: {peak / 2**20:.1f} MiB")
    print(f"test process peak RSS so far: {process_peak_mib:.0f} MiB")
    print(f"DOCX size: {len(docx) / 2**10:.0f} KiB")
    assert peak < 200 * 2**20


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_pdf_conversion(benchmark, spec, tmp_path):
    docx = render_docx(spec, DocxCache())
    pdf = benchmark.pedantic(docx_to_pdf, args=(docx,), rounds=3, iterations=1)
    target = tmp_path / "report.pdf"
    target.write_bytes(pdf)
    pages = _page_count(target)
    children_peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    benchmark.extra_info.update(pages=pages, soffice_peak_rss_mib=children_peak_kib / 1024)
    print(f"\n{pages} pages, {len(pdf) / 2**10:.0f} KiB PDF, soffice peak RSS ", end="")
    print(f"{children_peak_kib / 1024:.0f} MiB")
    assert 80 <= pages <= 130


def _page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
