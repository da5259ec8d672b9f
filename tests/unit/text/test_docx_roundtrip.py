"""Reading an edited DOCX back: bookmarks to sections, tracked changes and comments separated
out with offsets, text outside bookmarks reported; zip bombs and billion laughs refused."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml

from webapp.text.docx_bookmarks import SectionText, write_sections
from webapp.text.docx_roundtrip import read
from webapp.text.docx_safety import UnsafeDocx

LIMIT = 5 * 1024 * 1024
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
SECTIONS = (
    SectionText(11, 3, "一、总体情况", "全年完成投资12亿元。\n重点项目进展顺利。"),
    SectionText(12, 1, "二、存在问题", "短板仍然明显。"),
)


def _document() -> docx.Document:
    document = docx.Document()
    write_sections(document, 7, "某局2026年工作总结", SECTIONS)
    return document


def _bytes(document: docx.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraph(document: docx.Document, text: str):
    return next(p for p in document.paragraphs if text in p.text)


def test_a_written_file_reads_back_unchanged():
    uploaded = read(_bytes(_document()), LIMIT)
    assert uploaded.report_id == 7
    assert [(s.section_id, s.base_revision, s.text) for s in uploaded.sections] == [
        (11, 3, "全年完成投资12亿元。\n重点项目进展顺利。"),
        (12, 1, "短板仍然明显。"),
    ]
    assert uploaded.outside == ("某局2026年工作总结", "一、总体情况", "二、存在问题")
    assert not uploaded.unknown_bookmarks and not uploaded.sections[0].changes


def test_edits_split_across_runs_the_way_word_rewrites_them():
    document = _document()
    paragraph = _paragraph(document, "全年完成投资")
    # Word splits a paragraph into many runs on editing; bookmarks stay where they were.
    first_run = paragraph.runs[0]
    first_run.text = "全年完成"
    paragraph.add_run("固定资产")
    paragraph.add_run("投资12.3亿元。")
    new = document.add_paragraph("新增一段，不在任何书签里。")
    assert new.text
    uploaded = read(_bytes(document), LIMIT)
    assert uploaded.sections[0].text == "全年完成固定资产投资12.3亿元。\n重点项目进展顺利。"
    assert uploaded.outside[-1] == "新增一段，不在任何书签里。"


def _track(paragraph, xml: str) -> None:
    paragraph._p.append(parse_xml(xml))


def test_tracked_changes_are_separated_out_with_offsets_and_authors():
    document = _document()
    paragraph = _paragraph(document, "短板仍然明显")
    end = paragraph._p.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bookmarkEnd"
    )
    paragraph._p.remove(end)
    _track(
        paragraph,
        f'<w:del {W} w:id="90" w:author="王科长"><w:r><w:delText>仍然</w:delText></w:r></w:del>',
    )
    _track(paragraph, f'<w:ins {W} w:id="91" w:author="王科长"><w:r><w:t>依然</w:t></w:r></w:ins>')
    _track(paragraph, f"<w:r {W}><w:t>，需补齐。</w:t></w:r>")
    _track(
        paragraph, f'<w:ins {W} w:id="92" w:author="李处长"><w:r><w:t>（附表）</w:t></w:r></w:ins>'
    )
    paragraph._p.append(end)
    section = read(_bytes(document), LIMIT).sections[1]
    assert section.text == "短板仍然明显。仍然，需补齐。"
    changes = [(c.start, c.end, c.replacement, c.author) for c in section.changes]
    assert changes == [(7, 9, "依然", "王科长"), (14, 14, "（附表）", "李处长")]
    accepted = section.text
    for change in reversed(section.changes):
        accepted = accepted[: change.start] + change.replacement + accepted[change.end :]
    assert accepted == "短板仍然明显。依然，需补齐。（附表）"


def test_comments_come_back_anchored_to_their_text():
    document = _document()
    paragraph = _paragraph(document, "重点项目")
    document.add_comment(paragraph.runs[0], text="请补充项目名单", author="张审核", initials="张")
    section = read(_bytes(document), LIMIT).sections[0]
    [comment] = section.comments
    assert section.text[comment.start : comment.end] == "重点项目进展顺利。"
    assert (comment.author, comment.text) == ("张审核", "请补充项目名单")


def test_unknown_tg_bookmarks_are_reported():
    document = _document()
    body = document.element.body
    body.insert(
        0,
        parse_xml(
            f'<w:p {W}><w:bookmarkStart w:id="50" w:name="tg-s-x"/><w:bookmarkEnd w:id="50"/></w:p>'
        ),
    )
    assert read(_bytes(document), LIMIT).unknown_bookmarks == ("tg-s-x",)


def test_a_file_over_the_size_limit_is_refused_before_reading():
    with pytest.raises(UnsafeDocx) as raised:
        read(_bytes(_document()), 1000)
    assert raised.value.code == "docx_too_large"


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_a_zip_bomb_is_refused_from_the_directory():
    # 200 MB of zeros deflate to about 200 KB: small upload, huge inflation.
    bomb = _zip({"word/document.xml": b"\0" * (200 * 1024 * 1024)})
    assert len(bomb) < LIMIT
    with pytest.raises(UnsafeDocx) as raised:
        read(bomb, LIMIT)
    assert raised.value.code == "docx_zip_bomb"


def test_a_zip_whose_directory_understates_the_size_is_refused():
    honest = _zip({"word/document.xml": b"<a/>" + b" " * 5000})
    # Patch the central directory's uncompressed size (offset 24 of the entry) down to 10.
    at = honest.rindex(b"PK\x01\x02")
    lying = honest[: at + 24] + (10).to_bytes(4, "little") + honest[at + 28 :]
    with pytest.raises(UnsafeDocx) as raised:
        read(lying, LIMIT)
    assert raised.value.code in ("docx_zip_bomb", "docx_invalid")


def test_too_many_entries_are_refused():
    many = _zip({f"x/{i}.xml": b"" for i in range(1001)})
    with pytest.raises(UnsafeDocx) as raised:
        read(many, LIMIT)
    assert raised.value.code == "docx_too_many_entries"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:bookmarkStart w:id="1" w:name="tg-s-1-r1"/><w:r><w:t>&lol9;</w:t></w:r>
<w:bookmarkEnd w:id="1"/></w:p>
</w:body></w:document>"""


def test_a_billion_laughs_document_is_refused():
    with pytest.raises(UnsafeDocx) as raised:
        read(_zip({"word/document.xml": BILLION_LAUGHS}), LIMIT)
    assert raised.value.code == "docx_xml_entities"


def test_an_external_entity_is_never_fetched():
    xxe = BILLION_LAUGHS.split(b"<!DOCTYPE")[0] + (
        b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    with pytest.raises(UnsafeDocx):
        read(_zip({"word/document.xml": xxe}), LIMIT)


@pytest.mark.parametrize("data", [b"", b"not a zip", _zip({"a.txt": b"x"})])
def test_garbage_is_refused_as_invalid(data):
    with pytest.raises(UnsafeDocx) as raised:
        read(data, LIMIT)
    assert raised.value.code == "docx_invalid"


def test_text_typed_just_outside_a_bookmark_in_its_paragraphs_stays_with_the_section():
    document = _document()
    first = _paragraph(document, "全年完成投资")
    first._p.insert(0, parse_xml(f"<w:r {W}><w:t>2026年，</w:t></w:r>"))
    _paragraph(document, "短板仍然明显").add_run("需加快补齐。")
    uploaded = read(_bytes(document), LIMIT)
    assert [s.text for s in uploaded.sections] == [
        "2026年，全年完成投资12亿元。\n重点项目进展顺利。",
        "短板仍然明显。需加快补齐。",
    ]
    assert uploaded.outside == ("某局2026年工作总结", "一、总体情况", "二、存在问题")


def test_a_heading_only_section_gets_no_bookmark():
    document = docx.Document()
    write_sections(document, 7, "", (SectionText(5, 0, "一、结构", None), *SECTIONS))
    uploaded = read(_bytes(document), LIMIT)
    assert [s.section_id for s in uploaded.sections] == [11, 12]
    assert uploaded.outside[0] == "一、结构"
