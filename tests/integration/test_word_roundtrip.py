"""Word round trip through the services: download, edit (python-docx the way Word rewrites
runs, LibreOffice re-saving), upload → saved / merged / conflict / unchanged / not allowed;
tracked changes become suggestions, comments anchored comments; bad files change nothing."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from sqlalchemy import func, select

from conftest import simple_outline
from webapp.extensions import db
from webapp.models import Comment, DraftBuffer, Revision, Suggestion
from webapp.services import drafting, word_roundtrip
from webapp.services.errors import Conflict, InvalidInput, PayloadTooLarge

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f'xmlns:w="{W_NS}"'
FIRST = "全年完成投资12亿元。\n重点项目进展顺利。"
SECOND = "短板仍然明显。"


@pytest.fixture
def report(make_report, make_department):
    outline = simple_outline(("总体情况", FIRST), ("存在问题", SECOND))
    report = make_report(outline)
    first, second = report.sections
    first.department = make_department("zonghe")
    second.department = make_department("xiangmu")
    db.session.commit()
    return report


@pytest.fixture
def drafter(make_user, report):
    return make_user("drafter", report.sections[0].department)


def _open(data: bytes) -> docx.Document:
    return docx.Document(io.BytesIO(data))


def _save(document: docx.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraph(document: docx.Document, text: str):
    return next(p for p in document.paragraphs if text in p.text)


def _rewrite_runs(document: docx.Document, old: str, new: str) -> None:
    """Word's way: the edited paragraph comes back as several runs."""
    paragraph = _paragraph(document, old)
    text = paragraph.runs[0].text.replace(old, new)
    paragraph.runs[0].text = text[:3]
    paragraph.add_run(text[3:])


def _insert_before_bookmark_end(paragraph, xml: str) -> None:
    end = paragraph._p.find(f"{{{W_NS}}}bookmarkEnd")
    if end is None:
        paragraph._p.append(parse_xml(xml))
    else:
        end.addprevious(parse_xml(xml))


def _with_report_id(data: bytes, report_id: int) -> bytes:
    """The same file claiming another report (its custom property rewritten)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "docProps/custom.xml":
                content = re.sub(
                    rb"<vt:lpwstr>\d+</vt:lpwstr>",
                    f"<vt:lpwstr>{report_id}</vt:lpwstr>".encode(),
                    content,
                )
            target.writestr(entry, content)
    return out.getvalue()


def _revision_count(section_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Revision).where(Revision.section_id == section_id)
    )


def test_unchanged_download_uploads_as_unchanged(report, drafter):
    section = report.sections[0]
    data = word_roundtrip.section_docx(section.id, drafter).content
    outcome = word_roundtrip.upload_section(section.id, drafter, data)
    assert [(o.section_id, o.status) for o in outcome.sections] == [(section.id, "unchanged")]


def test_edited_runs_become_a_new_revision(report, drafter):
    section = report.sections[0]
    document = _open(word_roundtrip.section_docx(section.id, drafter).content)
    _rewrite_runs(document, "12亿元", "12.3亿元")
    outcome = word_roundtrip.upload_section(section.id, drafter, _save(document))
    [result] = outcome.sections
    assert (result.status, result.revision) == ("saved", 2)
    db.session.refresh(section)
    assert drafting.head_body(section) == FIRST.replace("12亿元", "12.3亿元")


def test_stale_base_merges_or_conflicts_keeping_the_upload(report, drafter):
    section = report.sections[0]
    data = word_roundtrip.section_docx(section.id, drafter).content
    drafting.save_revision(section.id, drafter, 1, FIRST.replace("顺利", "总体顺利"))
    document = _open(data)
    _rewrite_runs(document, "12亿元", "12.3亿元")
    merged = word_roundtrip.upload_section(section.id, drafter, _save(document)).sections[0]
    assert (merged.status, merged.revision) == ("merged", 3)
    db.session.refresh(section)
    assert drafting.head_body(section) == "全年完成投资12.3亿元。\n重点项目进展总体顺利。"

    conflicting = _open(data)
    _rewrite_runs(conflicting, "12亿元", "13亿元")
    outcome = word_roundtrip.upload_section(section.id, drafter, _save(conflicting))
    assert outcome.has_conflict and outcome.sections[0].status == "conflict"
    draft = db.session.scalar(select(DraftBuffer).where(DraftBuffer.section_id == section.id))
    assert draft.has_conflict and draft.body == FIRST.replace("12亿元", "13亿元")
    assert _revision_count(section.id) == 3


def _with_tracked_change_and_comment(data: bytes) -> bytes:
    document = _open(data)
    paragraph = _paragraph(document, "重点项目")
    _insert_before_bookmark_end(
        paragraph,
        f'<w:del {W} w:id="80" w:author="王科长"><w:r><w:delText>总之</w:delText></w:r></w:del>',
    )
    _insert_before_bookmark_end(
        paragraph,
        f'<w:ins {W} w:id="81" w:author="王科长"><w:r><w:t>下一步继续推进。</w:t></w:r></w:ins>',
    )
    first = _paragraph(document, "全年完成")
    document.add_comment(first.runs[0], text="数据请核实", author="刘主任", initials="刘")
    return _save(document)


def test_tracked_changes_wait_as_suggestions_and_comments_are_anchored(report, drafter):
    section = report.sections[0]
    data = _with_tracked_change_and_comment(
        word_roundtrip.section_docx(section.id, drafter).content
    )
    [result] = word_roundtrip.upload_section(section.id, drafter, data).sections
    assert (result.status, result.suggestions, result.comments) == ("saved", 1, 1)
    db.session.refresh(section)
    head = drafting.head_body(section)
    assert head == FIRST + "总之"  # the deletion is not applied: it waits
    suggestion = db.session.scalar(select(Suggestion))
    assert (suggestion.source, suggestion.word_author, suggestion.author_id) == (
        "docx",
        "王科长",
        drafter.id,
    )
    assert head[suggestion.start : suggestion.end] == "总之"
    assert suggestion.replacement == "下一步继续推进。" and suggestion.revision_number == 2
    comment = db.session.scalar(select(Comment))
    assert comment.quote == "全年完成投资12亿元。" and "刘主任" in comment.body


def test_whole_report_saves_mine_and_reports_the_rest_as_not_allowed(report, drafter):
    data = word_roundtrip.report_docx(report.id, drafter).content
    document = _open(data)
    _rewrite_runs(document, "12亿元", "12.5亿元")
    _rewrite_runs(document, "仍然明显", "依然突出")
    outcome = word_roundtrip.upload_report(report.id, drafter, _save(document))
    assert [o.status for o in outcome.sections] == ["saved", "not_allowed"]
    assert _revision_count(report.sections[1].id) == 1


@pytest.mark.parametrize(
    "spoil",
    [
        "other_report",
        "unknown_bookmark",
        "outside_text",
        "foreign_section",
    ],
)
def test_bad_files_are_refused_whole(report, drafter, make_report, spoil):
    section = report.sections[0]
    if spoil == "other_report":
        other = make_report()
        data = _with_report_id(word_roundtrip.section_docx(section.id, drafter).content, other.id)
        code = "docx_other_report"
    elif spoil == "unknown_bookmark":
        document = _open(word_roundtrip.section_docx(section.id, drafter).content)
        document.element.body.insert(
            0,
            parse_xml(
                f'<w:p {W}><w:bookmarkStart w:id="70" w:name="tg-s-oops"/>'
                '<w:bookmarkEnd w:id="70"/></w:p>'
            ),
        )
        data, code = _save(document), "docx_unknown_bookmarks"
    elif spoil == "outside_text":
        document = _open(word_roundtrip.section_docx(section.id, drafter).content)
        _rewrite_runs(document, "12亿元", "12.3亿元")
        document.add_paragraph("附：这段话不在任何章节里。")
        data, code = _save(document), "docx_text_outside"
    else:
        data = word_roundtrip.report_docx(report.id, drafter).content
        code = "docx_foreign_bookmarks"
    with pytest.raises(InvalidInput) as raised:
        word_roundtrip.upload_section(section.id, drafter, data)
    assert raised.value.code == code
    assert _revision_count(section.id) == 1


def test_a_file_too_large_and_a_locked_report(report, drafter, app):
    section = report.sections[0]
    app.config["MAX_UPLOAD_BYTES"] = 100
    with pytest.raises(PayloadTooLarge):
        word_roundtrip.upload_section(section.id, drafter, b"x" * 101)
    app.config["MAX_UPLOAD_BYTES"] = 5 * 1024 * 1024
    report.status = "signed_off"
    db.session.commit()
    with pytest.raises(Conflict) as raised:
        word_roundtrip.upload_section(section.id, drafter, b"PK")
    assert raised.value.code == "locked"


def test_round_trip_through_libreoffice(report, drafter, tmp_path: Path):
    """LibreOffice re-saves the file (its own runs, bookmark layout and properties)."""
    section = report.sections[0]
    document = _open(word_roundtrip.report_docx(report.id, drafter).content)
    _rewrite_runs(document, "12亿元", "12.8亿元")
    source = tmp_path / "edited.docx"
    source.write_bytes(_with_tracked_change_and_comment(_save(document)))
    out = tmp_path / "out"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    outcome = word_roundtrip.upload_report(report.id, drafter, (out / "edited.docx").read_bytes())
    first, second = outcome.sections
    assert (first.status, first.suggestions, first.comments) == ("saved", 1, 1)
    assert second.status == "not_allowed"
    db.session.refresh(section)
    assert drafting.head_body(section) == FIRST.replace("12亿元", "12.8亿元") + "总之"
