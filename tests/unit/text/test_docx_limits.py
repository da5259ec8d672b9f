"""Hostile .docx files: zip bombs, paragraph floods, style cycles and crafted numbering ids
are refused or read cheaply, never a crash, a hang or gigabytes of memory."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import docx
import pytest

from webapp.text import docx_import
from webapp.text.docx_import import CorruptDocx, DocxTooLarge, parse_docx

PROJECT_ROOT = Path(__file__).resolve().parents[3]
PEAK_MEMORY_LIMIT_MIB = 300
BOMB_INFLATED_BYTES = 1 << 30  # 1 GiB of XML in a ~1 MiB upload


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _replace_part(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry, content if entry.filename == name else source.read(entry))
    return buffer.getvalue()


def _zip_bomb(path: Path, inflated_bytes: int) -> None:
    """A real .docx whose word/document.xml is a well-formed flood of empty paragraphs of
    `inflated_bytes` (honest sizes in the zip directory)."""
    template = zipfile.ZipFile(io.BytesIO(_bytes(docx.Document())))
    document = template.read("word/document.xml")
    head, tail = document.split(b"<w:body>")[0] + b"<w:body>", b"</w:body></w:document>"
    chunk = b"<w:p/>" * 100_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for entry in template.infolist():
            if entry.filename != "word/document.xml":
                bomb.writestr(entry, template.read(entry))
        with bomb.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(head)
            for _ in range(inflated_bytes // len(chunk)):
                part.write(chunk)
            part.write(tail)


@pytest.mark.parametrize(
    "inflated_bytes",
    [BOMB_INFLATED_BYTES, docx_import.MAX_DOCX_INFLATED_BYTES - 2**20],
    ids=["1GiB-over-the-size-cap", "63MiB-of-empty-paragraphs-under-it"],
)
def test_zip_bomb_is_refused_in_bounded_memory(tmp_path: Path, inflated_bytes: int) -> None:
    bomb = tmp_path / "bomb.docx"
    _zip_bomb(bomb, inflated_bytes)
    assert bomb.stat().st_size < 5 * 2**20  # under the upload limit: only the contents are big
    # A fresh process, so its peak resident memory belongs to this import alone.
    script = textwrap.dedent(
        f"""
        import resource, sys
        from webapp.text.docx_import import CorruptDocx, parse_docx
        data = open({str(bomb)!r}, "rb").read()
        start_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            parse_docx(data)
            outcome = "parsed"
        except CorruptDocx as error:
            outcome = type(error).__name__
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(outcome, (peak_kib - start_kib) // 1024)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    outcome, grown_mib = result.stdout.split()
    assert outcome == "DocxTooLarge"
    assert int(grown_mib) < PEAK_MEMORY_LIMIT_MIB


def test_too_many_zip_entries_are_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(docx_import.MAX_DOCX_ENTRIES + 1):
            archive.writestr(f"word/media/{index}.bin", b"")
    with pytest.raises(DocxTooLarge, match="部件过多"):
        parse_docx(buffer.getvalue())


def test_too_many_xml_elements_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_import, "MAX_DOCX_XML_ELEMENTS", 200)
    document = docx.Document()
    for _ in range(100):
        document.add_paragraph("正文。")
    with pytest.raises(DocxTooLarge, match="元素过多"):
        parse_docx(_bytes(document))


def test_a_flood_of_paragraphs_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_import, "MAX_DOCX_BLOCKS", 50)
    document = docx.Document()
    for _ in range(51):
        document.add_paragraph("")
    with pytest.raises(DocxTooLarge, match="段落过多"):
        parse_docx(_bytes(document))


def test_styles_are_resolved_once_not_per_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    """python-docx's per-paragraph style lookup scans every style: 30,000 paragraphs took 42 s."""
    document = docx.Document()
    document.add_heading("工作总结", level=0)
    for _ in range(200):
        document.add_paragraph("", style="List Number")
    data = _bytes(document)

    def scanning_lookup(*args, **kwargs):
        raise AssertionError("a style was looked up per paragraph")

    monkeypatch.setattr(docx.parts.document.DocumentPart, "get_style", scanning_lookup)
    assert parse_docx(data).title == "工作总结"


def test_a_cycle_of_based_on_styles_does_not_hang() -> None:
    document = docx.Document()
    document.add_heading("工作总结", level=0)
    document.add_paragraph("正文。", style="List Bullet")
    data = _bytes(document)
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml")
    # List Bullet is based on Normal; make Normal based on List Bullet.
    looped = styles.replace(
        b'w:styleId="Normal">',
        b'w:styleId="Normal"><w:basedOn w:val="ListBullet"/>',
        1,
    )
    assert looped != styles
    parsed = parse_docx(_replace_part(data, "word/styles.xml", looped))
    assert parsed.title == "工作总结"


def test_crafted_abstract_num_id_is_data_not_xpath() -> None:
    """`abstractNumId` of `0"]]]]` broke the XPath built by string formatting (a 500)."""
    document = docx.Document()
    document.add_heading("工作总结", level=0)
    document.add_paragraph("第一项。", style="List Number")
    data = _bytes(document)
    numbering = zipfile.ZipFile(io.BytesIO(data)).read("word/numbering.xml")
    crafted = numbering.replace(b'w:abstractNumId w:val="', b'w:abstractNumId w:val="0&quot;]]]]')
    assert crafted != numbering
    parsed = parse_docx(_replace_part(data, "word/numbering.xml", crafted))
    assert parsed.title == "工作总结"


def test_too_large_is_a_corrupt_docx_for_callers() -> None:
    assert issubclass(DocxTooLarge, CorruptDocx)
