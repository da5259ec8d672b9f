"""痕迹稿 downloads: one section between two revisions, or the report between two assembled
versions or since the last approval, as a DOCX whose differences are Word revisions.

Each section's changes carry the author and date of the newer revision (the one that made the
text what it is now). Numbers are those of the report's current tree.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import and_, select

from webapp.documents.model import Block, DocumentSpec, numbered_blocks
from webapp.documents.redline import ChangeMark, RedlinePart, render_redline_docx
from webapp.extensions import db
from webapp.models import FinalDocument, Report, Revision, Section, User
from webapp.models.types import utcnow
from webapp.services import assembly, final_documents, policy, report_details, reports
from webapp.services.errors import Forbidden, NotFound
from webapp.services.reports import SectionRow
from webapp.text.nodes import OutlineNode

REDLINE_MARK = "痕迹稿"
# The author Word shows for changes no one person made (the title, the closing).
SYSTEM_AUTHOR = "统稿 Tonggao"


@dataclass(frozen=True)
class RedlineFile:
    name: str
    ascii_name: str
    content: bytes


def section_redline(section_id: int, actor: User, old_number: int, new_number: int) -> RedlineFile:
    """One section between two of its revisions (in either order)."""
    section = reports.load_section(section_id)
    if not policy.can_read_section(actor, section):
        raise Forbidden("无权查看这个章节", code="section_forbidden")
    old = reports.revision_row(section.id, old_number)
    new = reports.revision_row(section.id, new_number)
    number = reports.section_numbers(reports.section_rows(section.report_id)).get(section.id, "")
    part = RedlinePart(
        _section_blocks(section, old, number), _section_blocks(section, new, number), _mark(new)
    )
    report = section.report
    spec = _package_spec(report)
    docx = render_redline_docx(spec, [_title_part(spec), part])
    label = number + section.heading if section.kind != "preamble" else "前言"
    return RedlineFile(
        f"{_safe(report.title)}-{_safe(label)}-{REDLINE_MARK}-r{old_number}-r{new_number}.docx",
        f"section-{section.id}-redline-r{old_number}-r{new_number}.docx",
        docx,
    )


def report_redline(
    report_id: int, actor: User, old_version: int | None, new_version: int | None
) -> RedlineFile:
    """The report between two assembled versions; without versions, since the last approval
    (approved texts → the texts as they stand)."""
    report = reports.get_report(report_id, actor)
    if not policy.can_download(actor, report):
        raise Forbidden("无权查看这个报告的文档", code="report_forbidden")
    if old_version is None or new_version is None:
        old, new = assembly.approved_revisions(report.id), _head_texts(report.id)
        suffix, ascii_suffix = "自上次审核通过", "since-approved"
    else:
        old, new = _version_texts(report.id, old_version), _version_texts(report.id, new_version)
        suffix, ascii_suffix = f"v{old_version}-v{new_version}", f"v{old_version}-v{new_version}"
    spec = _package_spec(report)
    parts = [_title_part(spec), *_section_parts(report.id, old, new), _closing_part(spec)]
    return RedlineFile(
        f"{_safe(report.title)}-{REDLINE_MARK}-{suffix}.docx",
        f"report-{report.id}-redline-{ascii_suffix}.docx",
        render_redline_docx(spec, parts),
    )


# --- which texts ------------------------------------------------------------------------


def _head_texts(report_id: int) -> dict[int, Revision]:
    revisions = db.session.scalars(
        select(Revision)
        .join(
            Section,
            and_(Section.id == Revision.section_id, Section.head_revision == Revision.number),
        )
        .where(Section.report_id == report_id)
    )
    return {revision.section_id: revision for revision in revisions}


def _version_texts(report_id: int, version: int) -> dict[int, Revision]:
    """The revisions an assembled version was made of, by its manifest."""
    manifest = db.session.scalar(
        select(FinalDocument.manifest)
        .where(FinalDocument.report_id == report_id, FinalDocument.version == version)
        .limit(1)
    )
    if manifest is None:
        raise NotFound(f"这个报告没有第 {version} 版", code="version_not_found")
    wanted = {(int(sid), item["revision"]) for sid, item in manifest.items()}
    revisions = db.session.scalars(
        select(Revision).where(Revision.section_id.in_([sid for sid, _ in wanted]))
    )
    return {r.section_id: r for r in revisions if (r.section_id, r.number) in wanted}


# --- the parts of the document ----------------------------------------------------------


def _section_parts(
    report_id: int, old: dict[int, Revision], new: dict[int, Revision]
) -> list[RedlinePart]:
    rows = reports.section_rows(report_id)
    numbers = reports.section_numbers(rows)
    parts = []
    for row in rows:
        section = row.section
        before, after = old.get(section.id), new.get(section.id)
        number = numbers.get(section.id, "")
        parts.append(
            RedlinePart(
                _row_blocks(row, before, number),
                _row_blocks(row, after, number),
                _mark(after or before),
            )
        )
    return parts


def _row_blocks(row: SectionRow, revision: Revision | None, number: str) -> tuple[Block, ...]:
    """A section's blocks on one side: a heading-only node keeps its heading on both sides;
    a section that side does not have is empty."""
    if revision is None and not row.section.heading_only:
        return ()
    return _section_blocks(row.section, revision, number)


def _section_blocks(section: Section, revision: Revision | None, number: str) -> tuple[Block, ...]:
    heading = section.heading
    if revision is not None and revision.heading is not None:
        heading = revision.heading
    body = revision.body if revision is not None else ""
    node = OutlineNode(section.kind, section.level, heading, body, section.run_in)
    blocks = numbered_blocks(DocumentSpec("", (node,)))[1:]  # without the (empty) title
    return tuple(
        dataclasses.replace(b, number=number) if b.kind == "heading" else b for b in blocks
    )


def _package_spec(report: Report) -> DocumentSpec:
    return DocumentSpec(
        title=report.title,
        sections=(),
        issuer=report.issuer or "",
        date_of_issue=report_details.date_of_issue(report),
        doc_number=report.doc_number or "",
        addressee=report.addressee or "",
    )


def _title_part(spec: DocumentSpec) -> RedlinePart:
    return _unchanged_part(spec, ("doc_number", "title", "addressee"))


def _closing_part(spec: DocumentSpec) -> RedlinePart:
    return _unchanged_part(spec, ("signature", "date"))


def _unchanged_part(spec: DocumentSpec, kinds: tuple[str, ...]) -> RedlinePart:
    """The report's current title or closing, on both sides (versions do not store them)."""
    blocks = tuple(b for b in numbered_blocks(spec) if b.kind in kinds)
    return RedlinePart(blocks, blocks, ChangeMark(SYSTEM_AUTHOR, utcnow()))


def _mark(revision: Revision | None) -> ChangeMark:
    if revision is None:
        return ChangeMark(SYSTEM_AUTHOR, utcnow())
    author = revision.author.display_name if revision.author else SYSTEM_AUTHOR
    return ChangeMark(author, revision.created_at)


def _safe(text: str) -> str:
    return final_documents.safe_file_title(text)
