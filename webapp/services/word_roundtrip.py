"""Word/WPS round trip: download a section or the whole draft report as a bookmarked DOCX, and
take the edited file back — each bookmark saved through the editor's save path, tracked
changes as suggestions, Word comments as anchored comments. A file that does not map cleanly
(another report, unknown bookmarks, text outside every bookmark) is refused whole."""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from flask import current_app

from webapp.extensions import db
from webapp.models import Report, Section, User
from webapp.services import audit, comments, drafting, lock, policy, reports, suggestions
from webapp.services.errors import Conflict, DomainError, InvalidInput, PayloadTooLarge
from webapp.services.suggestions import Proposal
from webapp.text.anchors import map_offset
from webapp.text.diff import diff
from webapp.text.docx_bookmarks import SectionText, write_sections
from webapp.text.docx_roundtrip import (
    BookmarkedSection,
    TrackedChange,
    UploadedDocx,
    WordComment,
    read,
)
from webapp.text.docx_safety import UnsafeDocx

IMPORT_MESSAGE = "从 Word 导入"


# --- download ---------------------------------------------------------------------------


MIME_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class WordFile:
    file_name: str
    content: bytes


def section_docx(section_id: int, actor: User) -> WordFile:
    """One section at its head revision, its body bookmarked."""
    section = drafting.readable_section(section_id, actor)
    numbers = reports.section_numbers(reports.section_rows(section.report_id))
    part = _section_text(section, numbers, drafting.head_body(section))
    name = f"{section.report.title}-{part.heading or '前言'}-第{part.revision}版.docx"
    return WordFile(name, _document(section.report, [part]))


def report_docx(report_id: int, actor: User) -> WordFile:
    """The whole draft report: every section's heading, and its body bookmarked."""
    report = reports.get_report(report_id, actor)
    rows = [row for row in reports.section_rows(report.id) if row.section.archived_at is None]
    numbers = reports.section_numbers(rows)
    parts = [_section_text(row.section, numbers, row.body) for row in rows]
    return WordFile(f"{report.title}-征求意见稿.docx", _document(report, parts))


def _section_text(section: Section, numbers: dict[int, str], body: str) -> SectionText:
    heading = numbers.get(section.id, "") + section.heading
    return SectionText(
        section.id, section.head_revision, heading, None if section.heading_only else body
    )


def _document(report: Report, parts: list[SectionText]) -> bytes:
    document = docx.Document()
    write_sections(document, report.id, report.title, parts)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- upload -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionOutcome:
    """What one bookmark of the upload did: saved | merged | conflict | unchanged | not_allowed."""

    section_id: int
    heading: str
    status: str
    revision: int | None = None
    suggestions: int = 0
    comments: int = 0
    # Tracked changes whose text the merge onto a moved head rewrote: still in the file,
    # not placed as suggestions (said, never silently dropped).
    unplaced: int = 0


@dataclass(frozen=True)
class UploadOutcome:
    report_id: int
    sections: tuple[SectionOutcome, ...]

    @property
    def has_conflict(self) -> bool:
        return any(outcome.status == "conflict" for outcome in self.sections)

    @property
    def has_new_revision(self) -> bool:
        return any(outcome.status in ("saved", "merged") for outcome in self.sections)


def upload_section(section_id: int, actor: User, data: bytes) -> UploadOutcome:
    """A file downloaded for one section: it may hold that section only."""
    section = drafting.readable_section(section_id, actor)
    return _upload(section.report, actor, data, only_section=section.id)


def upload_report(report_id: int, actor: User, data: bytes) -> UploadOutcome:
    report = reports.get_report(report_id, actor)
    return _upload(report, actor, data, only_section=None)


def _upload(report: Report, actor: User, data: bytes, only_section: int | None) -> UploadOutcome:
    lock.ensure_unlocked(report)
    uploaded = _read(data)
    sections = _check_mapping(report, uploaded, only_section)
    outcomes = tuple(_apply(sections[part.section_id], actor, part) for part in uploaded.sections)
    statuses = {str(outcome.section_id): outcome.status for outcome in outcomes}
    audit.record(actor, "report.docx_upload", "report", report.id, sections=statuses)
    db.session.commit()
    return UploadOutcome(report.id, outcomes)


def _read(data: bytes) -> UploadedDocx:
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    try:
        return read(data, limit)
    except UnsafeDocx as error:
        raise _refusal(error, limit) from None


def _refusal(error: UnsafeDocx, limit: int) -> DomainError:
    """The reader's reason as a domain error with the same stable code."""
    message = str(error)
    if error.code == "docx_too_large":
        return PayloadTooLarge(message, code="docx_too_large", limit=limit)
    if error.code == "docx_too_many_entries":
        return InvalidInput(message, code="docx_too_many_entries")
    if error.code == "docx_zip_bomb":
        return InvalidInput(message, code="docx_zip_bomb")
    if error.code == "docx_xml_entities":
        return InvalidInput(message, code="docx_xml_entities")
    return InvalidInput(message, code="docx_invalid")


def _check_mapping(
    report: Report, uploaded: UploadedDocx, only_section: int | None
) -> dict[int, Section]:
    """Every bookmark names a section of this report (and of this download), nothing lies
    outside them but the headings we wrote; otherwise the whole file is refused."""
    if uploaded.report_id != report.id:
        raise InvalidInput(
            "这个文件不是从本报告下载的（文档属性中的报告编号不符），未导入任何内容",
            code="docx_other_report",
            file_report=uploaded.report_id,
        )
    if uploaded.unknown_bookmarks:
        raise InvalidInput(
            "文件中有无法识别或重复的章节书签：" + "、".join(uploaded.unknown_bookmarks),
            code="docx_unknown_bookmarks",
            bookmarks=list(uploaded.unknown_bookmarks),
        )
    rows = reports.section_rows(report.id)
    by_id = {row.section.id: row.section for row in rows if row.section.archived_at is None}
    editable = {section_id for section_id, section in by_id.items() if not section.heading_only}
    allowed = {only_section} & editable if only_section is not None else editable
    foreign = [part.section_id for part in uploaded.sections if part.section_id not in allowed]
    if foreign:
        raise InvalidInput(
            "文件中的章节书签不属于这里，未导入任何内容",
            code="docx_foreign_bookmarks",
            sections=foreign,
        )
    if not uploaded.sections:
        raise InvalidInput(
            "文件中没有章节书签：请上传从本系统下载的 Word 文件", code="docx_no_bookmarks"
        )
    _check_outside(report, rows, uploaded.outside)
    for part in uploaded.sections:
        if part.base_revision > by_id[part.section_id].head_revision:
            raise InvalidInput(
                f"书签中的版本号无效：第 {part.base_revision} 版", code="docx_bad_revision"
            )
    return by_id


def _check_outside(report: Report, rows: list[reports.SectionRow], outside: tuple[str, ...]):
    numbers = reports.section_numbers(rows)
    expected = {report.title.strip()} | {
        (numbers.get(row.section.id, "") + row.section.heading).strip() for row in rows
    }
    stray = [text for text in outside if text not in expected]
    if stray:
        raise InvalidInput(
            "以下文字不在任何章节书签内，无法判断属于哪个章节，未导入任何内容："
            + "；".join(f"“{text[:40]}”" for text in stray),
            code="docx_text_outside",
            outside=stray,
        )


def _apply(section: Section, actor: User, part: BookmarkedSection) -> SectionOutcome:
    heading = section.heading
    if not policy.can_edit(actor, section):
        return SectionOutcome(section.id, heading, "not_allowed")
    try:
        saved = drafting.save_revision(
            section.id, actor, part.base_revision, part.text, IMPORT_MESSAGE
        )
    except Conflict:
        return SectionOutcome(section.id, heading, "conflict")
    status = ("merged" if saved.merged else "saved") if saved.created else "unchanged"
    revision_text = drafting.revision_body(section, saved.revision)
    placed = _Placement(part.text, revision_text)
    changes = [c for c in part.changes if part.text[c.start : c.end] != c.replacement]
    added = sum(_suggest(section, actor, saved.revision, placed, change) for change in changes)
    db.session.commit()
    notes = [note for note in part.comments if note.text.strip()]
    for note in notes:
        _comment(section, actor, saved.revision, placed, note)
    return SectionOutcome(
        section.id, heading, status, saved.revision, added, len(notes), len(changes) - added
    )


class _Placement:
    """Offsets of the uploaded text carried onto the revision it became (they differ when the
    save merged onto a moved head)."""

    def __init__(self, uploaded: str, revision: str) -> None:
        self.uploaded, self.revision = uploaded, revision
        self.ops = None if uploaded == revision else diff(uploaded, revision)

    def range(self, start: int, end: int) -> tuple[int, int] | None:
        if self.ops is None:
            return start, end
        moved = map_offset(self.ops, start), map_offset(self.ops, end)
        same = self.revision[moved[0] : moved[1]] == self.uploaded[start:end]
        return moved if same else None


def _suggest(
    section: Section, actor: User, revision: int, placed: _Placement, change: TrackedChange
) -> int:
    at = placed.range(change.start, change.end)
    if at is None:
        return 0
    proposal = Proposal(revision, at[0], at[1], change.replacement)
    suggestions.propose_tracked_change(section, actor, proposal, change.author or actor.username)
    return 1


def _comment(
    section: Section, actor: User, revision: int, placed: _Placement, note: WordComment
) -> None:
    """A Word comment as a comment on the revision, anchored where its text still is."""
    at = placed.range(note.start, note.end)
    start, end = at if at is not None and at[0] < at[1] else (None, None)
    body = f"【Word 批注 · {note.author}】{note.text}" if note.author else note.text
    comments.add(section.id, actor, revision, body[: comments.MAX_COMMENT_CHARS], start, end)
