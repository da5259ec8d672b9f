"""Next year's report: the same tree, headings, departments, 会签 and deadlines one year on,
empty bodies, linked to the report it came from; and last year's text of a section for the
editor to show beside this year's."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Report, Section, SectionCountersign, User
from webapp.models.report import ReportStatus
from webapp.services import audit, policy, reports
from webapp.services.errors import Conflict, Forbidden, InvalidInput
from webapp.text.next_year import next_title, next_year_date, shift_years, title_years


def create(report_id: int, actor: User, title: str | None = None) -> Report:
    """Copy the report's tree into a new report for the next year (leaders and admins)."""
    if not policy.can_create_next_year(actor):
        raise Forbidden("只有管理员和签发人可以生成下一年度报告", code="next_year_forbidden")
    previous = reports.get_report(report_id, actor)
    _refuse_second_copy(previous)
    new_title = (title or "").strip() or next_title(previous.title)
    if new_title == previous.title:
        raise InvalidInput(
            "标题中没有可顺延的年份，请填写下一年度报告的标题", code="next_year_title_required"
        )
    report = Report(
        title=new_title,
        year=previous.year + 1 if previous.year else reports.year_of(new_title),
        kind=previous.kind,
        status=ReportStatus.DRAFTING,
        deadline=next_year_date(previous.deadline),
        issuer=previous.issuer,
        addressee=previous.addressee,
        previous_report_id=previous.id,
        created_by=actor,
    )
    db.session.add(report)
    db.session.flush()
    copies = _copy_sections(previous, report)
    audit.record(
        actor,
        "report.next_year",
        "report",
        report.id,
        title=new_title,
        previous_report_id=previous.id,
        sections=len(copies),
    )
    db.session.commit()
    return report


def _refuse_second_copy(previous: Report) -> None:
    existing = db.session.scalar(select(Report.id).where(Report.previous_report_id == previous.id))
    if existing is not None:
        raise Conflict(
            f"这个报告已经生成过下一年度报告（#{existing}）",
            code="next_year_exists",
            report_id=existing,
        )


def _copy_sections(previous: Report, report: Report) -> dict[int, Section]:
    """New sections for the previous report's tree (archived branches left out), keyed by
    the id of the section each copies."""
    years = title_years(previous.title)
    copies: dict[int, Section] = {}
    for old in _live_sections(previous.id):
        if old.parent_id is not None and old.parent_id not in copies:
            continue  # under an archived section
        copies[old.id] = Section(
            report=report,
            parent=copies.get(old.parent_id) if old.parent_id else None,
            position=len(copies) + 1,
            level=old.level,
            kind=old.kind,
            heading=shift_years(old.heading, years),
            run_in=old.run_in,
            department_id=old.department_id,
            deadline=next_year_date(old.deadline),
            heading_only=old.heading_only,
        )
    db.session.add_all(copies.values())
    db.session.flush()
    _copy_countersigns(copies)
    return copies


def _live_sections(report_id: int) -> list[Section]:
    return list(
        db.session.scalars(
            select(Section)
            .where(Section.report_id == report_id, Section.archived_at.is_(None))
            .order_by(Section.position)
        )
    )


def _copy_countersigns(copies: dict[int, Section]) -> None:
    rows = db.session.scalars(
        select(SectionCountersign).where(SectionCountersign.section_id.in_(list(copies)))
    )
    db.session.add_all(
        SectionCountersign(section_id=copies[row.section_id].id, department_id=row.department_id)
        for row in rows
    )


@dataclass(frozen=True)
class LastYear:
    """Last year's text of the section that this one continues, for reference beside the editor."""

    report_id: int
    report_title: str
    section_id: int
    heading: str
    body: str
    revision: int


def last_years_text(section_id: int, actor: User) -> LastYear | None:
    """None when the report has no previous one, the actor may not read it, or no section of
    it has this section's place (same headings from the root, years moved on)."""
    section = reports.load_section(section_id)
    if not policy.can_read_section(actor, section):
        raise Forbidden("无权查看这个章节", code="section_not_readable")
    previous = db.session.get(Report, section.report.previous_report_id or 0)
    if previous is None or not policy.can_read_report(actor, previous):
        return None
    key = _keys(_live_sections(section.report_id), set()).get(section.id)
    if key is None:
        return None  # an archived section has no place in this year's tree
    old_rows = {row.section.id: row for row in reports.section_rows(previous.id)}
    old_sections = [row.section for row in old_rows.values() if row.section.archived_at is None]
    last_year = _keys(old_sections, title_years(previous.title))
    match = next((old_id for old_id, old_key in last_year.items() if old_key == key), None)
    if match is None:
        return None
    row = old_rows[match]
    return LastYear(
        previous.id, previous.title, match, row.section.heading, row.body, row.section.head_revision
    )


def _keys(sections: Iterable[Section], years: set[int]) -> dict[int, tuple]:
    """A key per section naming its place: the (kind, level, heading) path from the root,
    with how many earlier sections had the same path (two “（前言）” under one parent)."""
    paths: dict[int, tuple] = {}
    seen: Counter[tuple] = Counter()
    keys: dict[int, tuple] = {}
    for section in sections:
        own = (section.kind, section.level, shift_years(section.heading, years))
        path = (*paths.get(section.parent_id, ()), own)
        paths[section.id] = path
        keys[section.id] = (path, seen[path])
        seen[path] += 1
    return keys
