"""Reports: create one from an outline, read its section tree."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, select

from webapp.extensions import db
from webapp.models import Report, Revision, Section, User
from webapp.services import audit, policy, search_index
from webapp.services.errors import Forbidden, InvalidInput, NotFound
from webapp.text.nodes import Outline, OutlineNode
from webapp.text.numbering import render_number

_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
# A heading-less numbered paragraph is named by this many characters of its text.
NAME_PREVIEW_CHARS = 20


def text_sha256(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()


def revision_sha256(heading: str | None, body: str) -> str:
    """What approvals bind to: heading and body in one canonical form (a JSON pair). A
    revision from before headings were versioned (heading None) keeps its body-only hash."""
    if heading is None:
        return text_sha256(body)
    return text_sha256(json.dumps([heading, body], ensure_ascii=False, separators=(",", ":")))


def year_of(title: str) -> int | None:
    match = _YEAR.search(title)
    return int(match.group()) if match else None


MAX_TITLE_CHARS = 300
MAX_ISSUER_CHARS = 200
MAX_KIND_CHARS = 32
YEARS = range(1949, 2201)


@dataclass(frozen=True)
class NewReport:
    """What a report created from scratch starts with (DESIGN "Report")."""

    title: str
    kind: str = "工作总结"
    year: int | None = None
    issuer: str = ""
    deadline: date | None = None

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> NewReport:
        """The creation page's fields as typed; a wrong year or date is InvalidInput."""
        year, deadline = form.get("year", "").strip(), form.get("deadline", "").strip()
        if year and not year.isdigit():
            raise InvalidInput(f"年份应为数字：{year}", code="invalid_year")
        try:
            day = date.fromisoformat(deadline) if deadline else None
        except ValueError:
            raise InvalidInput(
                f"日期格式应为 YYYY-MM-DD：{deadline}", code="invalid_date", value=deadline
            ) from None
        return cls(
            form.get("title", ""),
            form.get("kind", "") or "工作总结",
            int(year) if year else None,
            form.get("issuer", ""),
            day,
        )


def require_create_right(actor: User) -> None:
    """Before showing the creation form: the same check the creation makes."""
    if not policy.can_create_report(actor):
        raise Forbidden("只有管理员和签发人可以创建报告", code="create_forbidden")


def create_report(new: NewReport, actor: User) -> Report:
    """A report from scratch, with no sections yet: they are added on the structure page."""
    require_create_right(actor)
    title, kind, issuer = new.title.strip(), new.kind.strip(), new.issuer.strip()
    if not title:
        raise InvalidInput("报告标题不能为空", code="title_required")
    if len(title) > MAX_TITLE_CHARS or len(issuer) > MAX_ISSUER_CHARS:
        raise InvalidInput("标题或发文机关过长", code="text_too_long")
    if not kind or len(kind) > MAX_KIND_CHARS:
        raise InvalidInput("报告类型不能为空，且不超过 32 字", code="invalid_kind")
    year = new.year if new.year is not None else year_of(title)
    if year is not None and year not in YEARS:
        raise InvalidInput(f"年份无效：{year}", code="invalid_year")
    report = Report(
        title=title,
        kind=kind,
        year=year,
        issuer=issuer,
        deadline=new.deadline,
        created_by=actor,
    )
    db.session.add(report)
    db.session.flush()
    audit.record(actor, "report.create", "report", report.id, title=title, sections=0)
    db.session.commit()
    return report


def create_from_outline(
    outline: Outline, actor: User, title: str | None = None, kind: str = "工作总结"
) -> Report:
    """A new report whose sections (and their first revisions) are the outline's tree."""
    report = build_report(outline, actor, title, kind)
    db.session.commit()
    return report


def build_report(
    outline: Outline, actor: User, title: str | None = None, kind: str = "工作总结"
) -> Report:
    """Add the report to the current transaction (flushed, not committed)."""
    if not policy.can_import(actor):
        raise Forbidden("只有管理员和签发人可以创建报告", code="create_forbidden")
    title = (title or outline.title).strip()
    if not title:
        raise InvalidInput("报告标题不能为空", code="title_missing")
    report = Report(title=title, year=year_of(title), kind=kind, created_by=actor)
    db.session.add(report)
    db.session.flush()
    _add_nodes(report, outline.sections, parent=None, actor=actor, position=iter(range(1, 10**9)))
    search_index.index_report(report)
    audit.record(
        actor, "report.create", "report", report.id, title=title, sections=len(report.sections)
    )
    return report


def _add_nodes(
    report: Report, nodes: tuple[OutlineNode, ...], parent: Section | None, actor: User, position
) -> None:
    for node in nodes:
        section = Section(
            report=report,
            parent=parent,
            position=next(position),
            level=node.level,
            kind=node.kind,
            heading=node.heading,
            run_in=node.run_in,
            head_revision=1,
            head_sha256=revision_sha256(node.heading, node.body),
            heading_only=is_heading_only(node.kind, node.heading, node.body, bool(node.children)),
        )
        db.session.add(section)
        db.session.flush()
        db.session.add(
            Revision(
                section_id=section.id,
                number=1,
                heading=node.heading,
                body=node.body,
                sha256=section.head_sha256,
                author_id=actor.id,
                message="导入",
            )
        )
        _add_nodes(report, node.children, section, actor, position)


def is_heading_only(kind: str, heading: str, body: str, has_children: bool) -> bool:
    """A heading with no body, only children, is structure rather than a task."""
    return kind != "preamble" and bool(heading) and not body and has_children


@dataclass(frozen=True)
class SectionRow:
    section: Section
    body: str


def load_section(section_id: int) -> Section:
    section = db.session.get(Section, section_id)
    if section is None:
        raise NotFound(
            f"没有这个章节：{section_id}", code="section_not_found", section_id=section_id
        )
    return section


def revision_row(section_id: int, number: int) -> Revision:
    revision = db.session.scalar(
        select(Revision).where(Revision.section_id == section_id, Revision.number == number)
    )
    if revision is None:
        raise InvalidInput(
            f"这个章节没有第 {number} 版", code="revision_not_found", revision=number
        )
    return revision


def get_report(report_id: int, actor: User) -> Report:
    report = db.session.get(Report, report_id)
    if report is None:
        raise NotFound(f"没有这个报告：{report_id}", code="report_not_found", report_id=report_id)
    if not policy.can_read_report(actor, report):
        raise Forbidden("无权查看这个报告", code="report_not_readable")
    return report


def section_rows(report_id: int) -> list[SectionRow]:
    """Every section of a report in document order with its head text, in one query."""
    rows = db.session.execute(
        select(Section, Revision.body)
        .outerjoin(
            Revision,
            and_(Revision.section_id == Section.id, Revision.number == Section.head_revision),
        )
        .where(Section.report_id == report_id, Section.archived_at.is_(None))
        .order_by(Section.position)
    ).all()
    return [SectionRow(section, body or "") for section, body in rows]


def outline_json(report: Report) -> dict[str, Any]:
    """The outline contract of DESIGN.md (CLI `reports outline --json`, GET /reports/{id})."""
    nodes: dict[int, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for row in section_rows(report.id):
        section = row.section
        node = {
            "id": section.id,
            "kind": section.kind,
            "level": section.level,
            "heading": section.heading,
            "run_in": section.run_in,
            "body": row.body,
            "status": section.status,
            "department": section.department.code if section.department else None,
            "revision": section.head_revision,
            "children": [],
        }
        nodes[section.id] = node
        siblings = nodes[section.parent_id]["children"] if section.parent_id else roots
        siblings.append(node)
    return {
        "id": report.id,
        "title": report.title,
        "year": report.year,
        "status": report.status,
        "sections": roots,
    }


def section_numbers(rows: list[SectionRow]) -> dict[int, str]:
    """Generated numbers (一、（一）1.（1）) per section id; they restart under every parent."""
    counters: dict[tuple[int | None, int], int] = {}
    numbers: dict[int, str] = {}
    for row in rows:
        section = row.section
        if section.kind != "numbered":
            continue
        key = (section.parent_id, section.level)
        counters[key] = counters.get(key, 0) + 1
        numbers[section.id] = render_number(section.level, counters[key])
    return numbers


def section_name(section: Section, number: str, body: str) -> str:
    """What a reader calls a section: its number and heading (“二、重点项目建设扎实推进”); a
    numbered paragraph without a heading by the start of its text (“（1）新增三级医院1家，…”),
    never by its bare number; the preamble "" (callers name it in their own words)."""
    return number + unnumbered_name(section.heading, section.kind, body)


def unnumbered_name(heading: str, kind: str, text: str) -> str:
    """section_name without the number, from plain values (task lists, reminders): the
    heading, or for a heading-less numbered paragraph the start of its text."""
    if heading or kind != "numbered":
        return heading
    return text if len(text) <= NAME_PREVIEW_CHARS else text[:NAME_PREVIEW_CHARS] + "…"


def numbered_heading(section: Section) -> str:
    """One section's name with its number, e.g. “二、重点项目建设扎实推进” (see section_name)."""
    rows = section_rows(section.report_id)
    body = next((row.body for row in rows if row.section.id == section.id), "")
    return section_name(section, section_numbers(rows).get(section.id, ""), body)
