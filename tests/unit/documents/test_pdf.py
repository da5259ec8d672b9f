"""PDF conversion through LibreOffice, checked with poppler: fonts, text, pages and the grid.

Each conversion takes one to three seconds, so the PDFs are made once per module. The page-1
PNG lands in /tmp/tonggao-pdf-check/ for a look by eye.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from webapp.documents.gbt9704 import DocxCache, render_docx
from webapp.documents.model import DocumentSpec, numbered_blocks
from webapp.documents.pdf import PdfConversionError, docx_to_pdf, fontconfig_file
from webapp.text.nodes import OutlineNode

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice (soffice) and poppler-utils",
)

CHECK_DIR = Path("/tmp/tonggao-pdf-check")
PT_PER_TWIP = 1 / 20
TYPE_AREA_TOP_PT = 2098 * PT_PER_TWIP
TYPE_AREA_BOTTOM_PT = (16838 - 1984) * PT_PER_TWIP
# Characters without line-breaking restrictions, so every full line holds exactly 28.
GRID_TEXT = "国务院部署全面推进各项工作任务落地见效我们坚持稳中求进总基调统筹发展和安全扎实做好"


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


@dataclass(frozen=True)
class Line:
    page: int
    x_min: float
    y_min: float
    text: str


def pdf_lines(pdf: Path) -> list[Line]:
    """Every text line with its page and position, from pdftotext -bbox-layout."""
    root = ElementTree.fromstring(run("pdftotext", "-bbox-layout", str(pdf), "-"))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    lines = []
    for page_number, page in enumerate(root.iterfind(".//h:page", ns), start=1):
        for line in page.iterfind(".//h:line", ns):
            text = "".join(word.text or "" for word in line.iterfind("h:word", ns))
            x_min, y_min = float(line.get("xMin")), float(line.get("yMin"))
            lines.append(Line(page_number, x_min, y_min, text))
    return lines


def body_lines(lines: list[Line], page: int) -> list[Line]:
    """Lines inside the type area (no header, no page number); their tops may rise a little
    above the grid line because poppler measures from the font's ascent."""
    return [
        line
        for line in lines
        if line.page == page and TYPE_AREA_TOP_PT - 5 <= line.y_min < TYPE_AREA_BOTTOM_PT
    ]


def page_count(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(pdf)), re.M).group(1))


@pytest.fixture(scope="module")
def report_pdf(draft_spec: DocumentSpec) -> Path:
    CHECK_DIR.mkdir(exist_ok=True)
    target = CHECK_DIR / "report.pdf"
    target.write_bytes(docx_to_pdf(render_docx(draft_spec, DocxCache())))
    return target


def grid_spec() -> DocumentSpec:
    """A short title, then 14 paragraphs of 94 characters: 26 + 28 + 28 + 12 per paragraph."""
    paragraphs = [(GRID_TEXT * 4)[i : i + 94] for i in range(14)]
    return DocumentSpec("版心测试", (OutlineNode("preamble", 0, body="\n".join(paragraphs)),))


@pytest.fixture(scope="module")
def grid_pdf() -> Path:
    CHECK_DIR.mkdir(exist_ok=True)
    target = CHECK_DIR / "grid.pdf"
    target.write_bytes(docx_to_pdf(render_docx(grid_spec(), DocxCache())))
    return target


def test_report_is_three_pages_with_odd_and_even_page_numbers(report_pdf):
    assert page_count(report_pdf) == 3
    numbers = [line for line in pdf_lines(report_pdf) if re.fullmatch(r"—\d—", line.text)]
    assert [(n.page, n.text) for n in numbers] == [(1, "—1—"), (2, "—2—"), (3, "—3—")]
    odd, even = numbers[0], numbers[1]
    assert odd.x_min > 400 and even.x_min < 150  # right on odd pages, left on even pages
    assert all(TYPE_AREA_BOTTOM_PT < n.y_min < TYPE_AREA_BOTTOM_PT + 40 for n in numbers)


def test_report_embeds_the_cjk_faces_for_every_style(report_pdf):
    rows = run("pdffonts", str(report_pdf)).splitlines()[2:]
    fonts = {row.split()[0].split("+", 1)[1]: row.split()[-5] for row in rows}
    assert set(fonts.values()) == {"yes"}, fonts  # the "emb" column
    assert set(fonts) == {
        "FandolFang-Regular",  # 仿宋: body, 1. and （1） headings
        "FandolKai-Regular",  # 楷体: （一） headings
        "FandolHei-Regular",  # 黑体: 一、 and part headings, the draft mark
        "FandolSong-Bold",  # 小标宋: the title
        "FandolSong-Regular",  # 宋体: page numbers
    }
    assert not any("jp" in name.lower() for name in fonts)


def test_report_text_holds_every_paragraph(report_pdf, draft_spec):
    text = "".join(run("pdftotext", str(report_pdf), "-").split())
    assert "征求意见稿" in text
    for block in numbered_blocks(draft_spec):
        paragraph = block.number + block.text + block.run_in_body
        assert "".join(paragraph.split()) in text


def test_page_one_renders_to_png_for_a_visual_check(report_pdf):
    prefix = CHECK_DIR / "report-page"
    run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(report_pdf), str(prefix))
    png = next(CHECK_DIR.glob("report-page-*1.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    header = png.read_bytes()[16:24]
    width, height = int.from_bytes(header[:4]), int.from_bytes(header[4:])
    assert (width // 2, height) == (248, 702)  # A4 at 60 dpi: 496 or 497 × 702 pixels


def test_full_page_holds_22_lines(grid_pdf):
    lines = pdf_lines(grid_pdf)
    assert page_count(grid_pdf) == 3
    assert len(body_lines(lines, 2)) == 22
    # Page 1: the title, the blank line after it, then 20 lines of body.
    assert len(body_lines(lines, 1)) == 21


def test_lines_are_28_points_95_apart(grid_pdf):
    tops = [line.y_min for line in body_lines(pdf_lines(grid_pdf), 2)]
    gaps = [b - a for a, b in itertools.pairwise(tops)]
    assert len(gaps) == 21
    assert all(gap == pytest.approx(579 * PT_PER_TWIP, abs=0.1) for gap in gaps)


def test_full_line_holds_28_characters(grid_pdf):
    page = body_lines(pdf_lines(grid_pdf), 2)
    lengths = [len(line.text) for line in page]
    # Paragraphs are 26 + 28 + 28 + 12 characters; page 2 starts inside one.
    assert set(lengths) == {26, 28, 12}
    assert lengths.count(28) >= 10
    indented = [line for line in page if len(line.text) == 26]
    flush = [line for line in page if len(line.text) == 28]
    assert min(i.x_min for i in indented) - max(f.x_min for f in flush) == pytest.approx(31.5, 0.5)


def test_concurrent_conversions_do_not_share_a_profile(spec):
    docx = render_docx(spec)
    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = list(pool.map(lambda _: docx_to_pdf(docx), range(2)))
    assert all(pdf.startswith(b"%PDF-") for pdf in pdfs)


def test_input_that_is_no_docx_raises_a_conversion_error():
    with pytest.raises(PdfConversionError, match="not a DOCX"):
        docx_to_pdf(b"this is not a docx")


def test_damaged_docx_raises_a_conversion_error(spec):
    damaged = render_docx(spec)[:2000]
    with pytest.raises(PdfConversionError):
        docx_to_pdf(damaged)


def test_slow_conversion_is_stopped_at_the_timeout(spec):
    with pytest.raises(PdfConversionError, match="longer than"):
        docx_to_pdf(render_docx(spec), timeout_s=0.05)


def test_fontconfig_maps_office_faces_to_installed_fonts(tmp_path):
    conf = fontconfig_file(tmp_path, font_dir=None)
    expected = {
        "仿宋_GB2312": "FandolFang:Regular",
        "楷体_GB2312": "FandolKai:Regular",
        "黑体": "FandolHei:Regular",
        "方正小标宋简体": "FandolSong:Bold",
        "宋体": "FandolSong:Regular",
    }
    env = {"FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for family, face in expected.items():
        result = subprocess.run(
            ["fc-match", "-f", "%{family[0]}:%{style[0]}", family],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout == face, family


def test_font_dir_is_listed_before_the_aliases(tmp_path):
    fonts = tmp_path / "licensed"
    fonts.mkdir()
    conf = fontconfig_file(tmp_path, font_dir=fonts).read_text()
    assert conf.index(f"<dir>{fonts}</dir>") < conf.index("<include>")
