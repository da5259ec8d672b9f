"""The sample reports assembled and converted on the real renderer, read back with poppler.

What a reader of the PDF gets: every character and punctuation mark of the assembled text in
order, the 仿宋 and 楷体 faces (never a Japanese one), a long title broken between words, and
the 发文机关署名 and 成文日期 where GB/T 9704-2012 §7.3.5.2 puts them.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import SAMPLES_DIR
from support.big_report import long_outline
from webapp.documents.gbt9704 import DocxCache, render_docx
from webapp.documents.model import DocumentSpec, numbered_blocks
from webapp.documents.pdf import docx_to_pdf
from webapp.documents.title import title_lines
from webapp.text import outline
from webapp.text.decode import decode_text
from webapp.text.nodes import OutlineNode

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice (soffice) and poppler-utils",
)

CHECK_DIR = Path("/tmp/tonggao-pdf-check")
SAMPLES = ("fagaiju-2020.txt", "weijian-2021.txt")
ISSUERS = {"fagaiju-2020.txt": "某某县发展和改革局", "weijian-2021.txt": "某某市卫生健康委员会"}
DATE_OF_ISSUE = datetime.date(2021, 7, 16)
# Type area in points (GB/T 9704-2012 §5.2.1): top 37 mm, bottom 35 mm; the page number lies
# below it. Cropping a little above the top keeps the title's ascent.
TYPE_AREA_TOP_PT = 2098 / 20
TYPE_AREA_BOTTOM_PT = (16838 - 1984) / 20
CHAR_PT = 315 / 20  # one character cell: 15.75 pt


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def sample_spec(name: str) -> DocumentSpec:
    parsed = outline.parse(decode_text((SAMPLES_DIR / name).read_bytes()))
    return DocumentSpec(
        parsed.title, parsed.sections, issuer=ISSUERS[name], date_of_issue=DATE_OF_ISSUE
    )


def convert(spec: DocumentSpec, name: str) -> Path:
    CHECK_DIR.mkdir(exist_ok=True)
    target = CHECK_DIR / name
    target.write_bytes(docx_to_pdf(render_docx(spec, DocxCache())))
    return target


@pytest.fixture(scope="module")
def sample_pdfs() -> dict[str, tuple[DocumentSpec, Path]]:
    specs = {name: sample_spec(name) for name in SAMPLES}
    return {name: (spec, convert(spec, name.replace("txt", "pdf"))) for name, spec in specs.items()}


def type_area_text(pdf: Path) -> str:
    """The text layer inside the type area (no page numbers), whitespace removed."""
    top, bottom = int(TYPE_AREA_TOP_PT) - 5, int(TYPE_AREA_BOTTOM_PT) + 5
    cropped = run(
        "pdftotext", "-r", "72", "-x", "0", "-y", str(top), "-W", "595", "-H", str(bottom - top),
        str(pdf), "-",
    )  # fmt: skip
    return "".join(cropped.split())


def assembled_text(spec: DocumentSpec) -> str:
    blocks = numbered_blocks(spec)
    return "".join("".join((b.number + b.text + b.run_in_body).split()) for b in blocks)


@pytest.mark.parametrize("name", SAMPLES)
def test_pdf_text_layer_holds_every_character_of_the_assembled_text(sample_pdfs, name):
    spec, pdf = sample_pdfs[name]
    expected = assembled_text(spec)
    assert len(expected) > 500
    assert type_area_text(pdf) == expected


def test_long_report_keeps_every_line_final_punctuation_mark():
    """About 100 pages of justified lines: without w:overflowPunct LibreOffice dropped 113 of
    its 4,920 marks of 。，、 from the PDF (measured); with it, none."""
    parsed = long_outline()
    spec = DocumentSpec(parsed.title, parsed.sections)
    assert type_area_text(convert(spec, "long-report.pdf")) == assembled_text(spec)


def embedded_fonts(pdf: Path) -> dict[str, str]:
    """Embedded font name (subset prefix dropped) → the "emb" column."""
    rows = run("pdffonts", str(pdf)).splitlines()[2:]
    return {row.split()[0].split("+", 1)[1]: row.split()[-5] for row in rows}


def test_pdf_sets_the_body_in_fangsong_and_the_second_level_in_kaiti(sample_pdfs):
    _, pdf = sample_pdfs["weijian-2021.txt"]
    fonts = embedded_fonts(pdf)
    assert set(fonts.values()) == {"yes"}
    assert {"FandolFang-Regular", "FandolKai-Regular"} <= set(fonts)
    assert not [name for name in fonts if "jp" in name.lower()]


def test_no_sample_embeds_a_japanese_face(sample_pdfs):
    for _, pdf in sample_pdfs.values():
        assert not [name for name in embedded_fonts(pdf) if re.search("jp|JP", name)]


def page_lines(pdf: Path) -> list[tuple[int, float, float, float, str]]:
    """(page, xMin, yMin, xMax, text) of every line, from pdftotext -bbox-layout."""
    xhtml = run("pdftotext", "-bbox-layout", str(pdf), "-")
    lines = []
    for page_number, page in enumerate(xhtml.split("<page ")[1:], start=1):
        for match in re.finditer(
            r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>(.*?)</line>', page, re.S
        ):
            text = "".join(re.findall(r">([^<>]+)</word>", match.group(4)))
            x_min, y_min, x_max = (float(match.group(i)) for i in (1, 2, 3))
            lines.append((page_number, x_min, y_min, x_max, text))
    return lines


def test_long_title_breaks_between_words_on_the_page(sample_pdfs):
    spec, pdf = sample_pdfs["weijian-2021.txt"]
    expected = title_lines(spec.title)
    assert len(expected) == 2
    first_page = [line for line in page_lines(pdf) if line[0] == 1]
    assert [line[4] for line in first_page[:2]] == expected
    for _, x_min, _, x_max, _ in first_page[:2]:  # centred on the type area
        assert (x_min + x_max) / 2 == pytest.approx(79.35 + 442.25 / 2, abs=3)


def closing_lines(pdf: Path, issuer: str, date: str) -> tuple[tuple, tuple]:
    lines = page_lines(pdf)
    last_page = max(line[0] for line in lines)
    by_text = {line[4]: line for line in lines if line[0] == last_page}
    return by_text[issuer], by_text[date]


@pytest.mark.parametrize("name", SAMPLES)
def test_issuer_and_date_close_the_last_page_per_gbt9704(sample_pdfs, name):
    _, pdf = sample_pdfs[name]
    issuer, date = closing_lines(pdf, ISSUERS[name], "2021年7月16日")
    assert date[2] - issuer[2] == pytest.approx(579 / 20, abs=0.5)  # the next line
    assert issuer[3] == pytest.approx(521.6 - 2 * CHAR_PT, abs=2)  # 右空二字
    assert date[1] - issuer[1] == pytest.approx(2 * CHAR_PT, abs=1.5)  # two characters right


def test_date_longer_than_the_issuer_sits_two_characters_in_and_moves_the_issuer_left():
    spec = DocumentSpec(
        "关于某事的报告",
        (OutlineNode("preamble", 0, body="现将有关情况报告如下。"),),
        issuer="某局",
        date_of_issue=datetime.date(2021, 12, 28),
    )
    issuer, date = closing_lines(convert(spec, "short-issuer.pdf"), "某局", "2021年12月28日")
    assert date[3] == pytest.approx(521.6 - 2 * CHAR_PT, abs=2)
    assert date[1] - issuer[1] == pytest.approx(2 * CHAR_PT, abs=1.5)
