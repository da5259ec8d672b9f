"""The 痕迹稿: accept-all and reject-all applied to the XML give exactly the newer and the older
text; every revision names its author and date; LibreOffice opens it."""

from __future__ import annotations

import dataclasses
import datetime
import io
import shutil
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from webapp.documents.model import Block, DocumentSpec, numbered_blocks
from webapp.documents.pdf import docx_to_pdf
from webapp.documents.redline import ChangeMark, RedlinePart, render_redline_docx
from webapp.text.nodes import OutlineNode

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
MARK = ChangeMark("张三", datetime.datetime(2026, 11, 20, 8, 30, tzinfo=datetime.UTC))
OLD_BODY = "今年工作稳中有进。\n全年完成投资十二亿元。\n短板仍然明显。"
NEW_BODY = "今年工作稳中有进，成效明显。\n全年完成投资十五亿元。\n新增一段。"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def body_of(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return etree.fromstring(package.read("word/document.xml")).find(w("body"))


def apply(docx: bytes, accept: bool) -> list[str]:
    """Paragraph texts after Word's Accept All (or Reject All) Changes, done on the XML:
    the other kind of revision is removed (the kept kind's text stays, w:delText included);
    a paragraph whose mark is removed joins the next one."""
    body = body_of(docx)
    removed = "del" if accept else "ins"
    for element in list(body.iter(w(removed))):
        if element.getparent().tag != w("rPr"):
            element.getparent().remove(element)
    texts: list[str] = []
    carried = ""
    for paragraph in body.iter(w("p")):
        text = carried + "".join(_run_text(r) for r in paragraph.iter(w("r")))
        if paragraph.find(f"w:pPr/w:rPr/w:{removed}", NS) is not None:
            carried = text  # the paragraph mark is gone: the text joins the next paragraph
            continue
        carried = ""
        texts.append(text)
    return texts


def _run_text(run: etree._Element) -> str:
    parts = []
    for child in run:
        if child.tag in (w("t"), w("delText")):
            parts.append(child.text or "")
        elif child.tag == w("br"):
            parts.append("\n")
        elif child.tag == w("tab"):
            parts.append("\t")
    return "".join(parts)


def texts(spec: DocumentSpec) -> list[str]:
    """Paragraph texts as laid out: a blank line precedes the 署名 and 日期."""
    lines = [block_text(b) for b in numbered_blocks(spec) if b.kind not in ("signature", "date")]
    closing = [b.text for b in numbered_blocks(spec) if b.kind in ("signature", "date")]
    return lines + (["", *closing] if closing else [])


def block_text(block: Block) -> str:
    return block.number + block.text + block.run_in_body


def spec_of(*nodes: OutlineNode, title: str = "某局2026年工作总结") -> DocumentSpec:
    return DocumentSpec(title, nodes)


def one_part(old: DocumentSpec, new: DocumentSpec) -> list[RedlinePart]:
    return [RedlinePart(tuple(numbered_blocks(old)), tuple(numbered_blocks(new)), MARK)]


OLD = spec_of(
    OutlineNode("numbered", 1, "总体情况", OLD_BODY),
    OutlineNode("numbered", 1, "存在问题", "人手不足。"),
    OutlineNode("numbered", 1, "抓好重大项目。", "全年实施十大工程。", run_in=True),
)
NEW = spec_of(
    OutlineNode("numbered", 1, "总体情况和成效", NEW_BODY),
    OutlineNode("numbered", 1, "抓好重点项目。", "全年实施“十大工程”。", run_in=True),
    OutlineNode("numbered", 1, "下一步打算", "继续努力。"),
)


@pytest.fixture(scope="module")
def redline() -> bytes:
    return render_redline_docx(NEW, one_part(OLD, NEW))


def test_accept_all_gives_exactly_the_newer_text(redline):
    assert apply(redline, accept=True) == texts(NEW)


def test_reject_all_gives_exactly_the_older_text(redline):
    assert apply(redline, accept=False) == texts(OLD)


def test_changes_are_real_revisions_with_author_and_date(redline):
    body = body_of(redline)
    insertions = body.findall(".//w:ins", NS)
    deletions = body.findall(".//w:del", NS)
    assert insertions and deletions
    assert body.findall(".//w:del/w:r/w:delText", NS)
    for revision in insertions + deletions:
        assert revision.get(w("author")) == "张三"
        assert revision.get(w("date")) == "2026-11-20T08:30:00Z"
    ids = [r.get(w("id")) for r in insertions + deletions]
    assert len(ids) == len(set(ids))


def test_unchanged_text_carries_no_revision():
    same = render_redline_docx(OLD, one_part(OLD, OLD))
    body = body_of(same)
    assert not body.findall(".//w:ins", NS) and not body.findall(".//w:del", NS)
    assert apply(same, accept=True) == texts(OLD)


def test_title_and_closing_changes_round_trip_too():
    old = dataclasses.replace(OLD, issuer="某局", date_of_issue=datetime.date(2026, 1, 5))
    new = dataclasses.replace(
        NEW,
        title="某局2026年工作总结和2027年工作思路",
        issuer="某某局",
        date_of_issue=datetime.date(2026, 12, 28),
    )
    docx = render_redline_docx(new, one_part(old, new))
    assert apply(docx, accept=True) == texts(new)
    assert apply(docx, accept=False) == texts(old)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_libreoffice_opens_the_redline_and_converts_it_to_pdf(redline):
    assert docx_to_pdf(redline).startswith(b"%PDF-")


_PARAGRAPH = st.text(alphabet="甲乙丙丁。，“”&<　 \t", min_size=1, max_size=12)
_SECTION = st.tuples(
    st.sampled_from(["numbered", "preamble"]), _PARAGRAPH, st.lists(_PARAGRAPH, max_size=4)
)


def spec_from(sections: list[tuple[str, str, list[str]]]) -> DocumentSpec:
    nodes = tuple(
        OutlineNode(
            kind,
            1 if kind == "numbered" else 0,
            heading if kind == "numbered" else "",
            "\n".join(body),
        )
        for kind, heading, body in sections
    )
    return spec_of(*nodes)


@settings(max_examples=60, deadline=None)
@given(st.lists(_SECTION, max_size=5), st.lists(_SECTION, max_size=5))
def test_any_two_texts_round_trip_through_accept_and_reject(old_sections, new_sections):
    old, new = spec_from(old_sections), spec_from(new_sections)
    docx = render_redline_docx(new, one_part(old, new))
    assert apply(docx, accept=True) == texts(new)
    assert apply(docx, accept=False) == texts(old)
