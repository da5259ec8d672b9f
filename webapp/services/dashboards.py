"""Read models for the dashboard and the report page: tasks per role, progress, deadlines.

Every function here runs a fixed number of queries whatever the number of reports and
sections, and hands templates plain values or fully loaded rows: no lazy load in a loop.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, exists, func, or_, select

from webapp.extensions import db
from webapp.models import (
    Decision,
    Report,
    ReportStatus,
    Review,
    Revision,
    Role,
    Section,
    SectionCountersign,
    SectionStatus,
    User,
)
from webapp.services import reports
from webapp.services.deadlines import china_today, effective_deadline

# The task lists show the most urgent items; the total says how many more there are.
TASK_LIMIT = 100
_OPEN_REPORTS = (ReportStatus.DRAFTING, ReportStatus.IN_REVIEW)


def is_overdue(deadline: date | None, status: str, today: date) -> bool:
    return deadline is not None and deadline < today and status != SectionStatus.APPROVED


def is_report_overdue(report: Report, today: date) -> bool:
    """Past its deadline and not yet signed off."""
    deadline = report.deadline
    return deadline is not None and deadline < today and report.status in _OPEN_REPORTS


@dataclass(frozen=True)
class ReportProgress:
    report: Report
    sections: int
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def approved_percent(self) -> int:
        return (
            round(100 * self.by_status.get("approved", 0) / self.sections) if self.sections else 0
        )

    def is_overdue(self, today: date) -> bool:
        return is_report_overdue(self.report, today)

    @property
    def is_ready_to_sign_off(self) -> bool:
        approved = self.by_status.get(SectionStatus.APPROVED, 0)
        return self.report.status == ReportStatus.IN_REVIEW and 0 < self.sections == approved


@dataclass(frozen=True)
class SectionTask:
    """A section someone has to act on, as plain values (no ORM object, no lazy load)."""

    section_id: int
    heading: str
    kind: str
    status: str
    report_id: int
    report_title: str
    deadline: date | None
    updated_at: datetime
    text_start: str = ""  # the head text's first NAME_PREVIEW_CHARS + 1 characters

    @property
    def name(self) -> str:
        """The heading; a numbered paragraph without one by the start of its text (never
        “（前言）”); "" for the preamble (the page names it)."""
        return reports.unnumbered_name(self.heading, self.kind, self.text_start)

    def is_overdue(self, today: date) -> bool:
        return is_overdue(self.deadline, self.status, today)


@dataclass(frozen=True)
class TaskList:
    items: list[SectionTask]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.items)


@dataclass(frozen=True)
class Dashboard:
    reports: list[ReportProgress]
    # drafter: to draft; reviewer: to review; admin: without a department; leader: none.
    tasks: TaskList | None = None

    @property
    def ready_to_sign_off(self) -> list[ReportProgress]:
        return [item for item in self.reports if item.is_ready_to_sign_off]


def visible_reports_query(user: User):
    query = select(Report).order_by(Report.created_at.desc(), Report.id.desc())
    if user.role in (Role.ADMIN, Role.LEADER):
        return query
    in_department = exists().where(
        Section.report_id == Report.id, Section.department_id == user.department_id
    )
    return query.where(in_department)


def for_user(user: User) -> Dashboard:
    """The reports the user sees with their progress, and the user's own task list."""
    reports_progress = _reports_with_progress(user)
    if user.role == Role.DRAFTER:
        return Dashboard(reports_progress, sections_to_draft(user))
    if user.role == Role.REVIEWER:
        return Dashboard(reports_progress, sections_to_review(user))
    if user.role == Role.ADMIN:
        return Dashboard(reports_progress, sections_without_department())
    return Dashboard(reports_progress)


# Heading-only and archived sections are structure, not work: no task list or count has them.
_TASKS_ONLY = (Section.heading_only.is_(False), Section.archived_at.is_(None))


def _reports_with_progress(user: User) -> list[ReportProgress]:
    """Two queries whatever the number of reports: the reports, then all their status counts."""
    found = db.session.scalars(visible_reports_query(user)).all()
    counts: dict[int, Counter] = {report.id: Counter() for report in found}
    if found:
        rows = db.session.execute(
            select(Section.report_id, Section.status, func.count())
            .where(Section.report_id.in_(counts), *_TASKS_ONLY)
            .group_by(Section.report_id, Section.status)
        )
        for report_id, status, count in rows:
            counts[report_id][status] = count
    return [ReportProgress(r, sum(counts[r.id].values()), dict(counts[r.id])) for r in found]


def sections_to_draft(user: User) -> TaskList:
    """Sections of the drafter's department that are new or sent back, most urgent first."""
    return _tasks(
        Section.department_id == user.department_id,
        Section.status.in_((SectionStatus.DRAFT, SectionStatus.CHANGES_REQUESTED)),
    )


def sections_to_review(user: User) -> TaskList:
    """Submitted sections of the reviewer's department or of a 会签 it joins, except those
    whose current text already carries this department's approval."""
    countersigned = select(SectionCountersign.section_id).where(
        SectionCountersign.department_id == user.department_id
    )
    approved_by_us = exists().where(
        Review.section_id == Section.id,
        Review.department_id == user.department_id,
        Review.decision == Decision.APPROVE,
        Review.dismissed_at.is_(None),
        Review.text_sha256 == Section.head_sha256,
    )
    return _tasks(
        or_(Section.department_id == user.department_id, Section.id.in_(countersigned)),
        Section.status == SectionStatus.SUBMITTED,
        ~approved_by_us,
    )


def sections_without_department() -> TaskList:
    return _tasks(Section.department_id.is_(None))


def _tasks(*conditions) -> TaskList:
    """One query: the first TASK_LIMIT matching sections of open reports, and the total."""
    deadline = effective_deadline()
    rows = db.session.execute(
        select(
            Section.id,
            Section.heading,
            Section.kind,
            Section.status,
            Report.id,
            Report.title,
            deadline,
            Section.updated_at,
            func.substr(Revision.body, 1, reports.NAME_PREVIEW_CHARS + 1),
            func.count().over(),
        )
        .join(Report, Report.id == Section.report_id)
        .outerjoin(
            Revision,
            and_(Revision.section_id == Section.id, Revision.number == Section.head_revision),
        )
        .where(Report.status.in_(_OPEN_REPORTS), *_TASKS_ONLY, *conditions)
        .order_by(deadline.is_(None), deadline, Report.id, Section.position)
        .limit(TASK_LIMIT)
    ).all()
    tasks = [SectionTask(*row[:-2], text_start=row[-2] or "") for row in rows]
    return TaskList(tasks, rows[0][-1] if rows else 0)


PREVIEW_CHARS = 30


@dataclass(frozen=True)
class SectionLine:
    """One row of the report page's section table."""

    section: Section
    number: str
    deadline: date | None
    is_overdue: bool
    # A numbered paragraph has no heading: the start of its text stands for it.
    preview: str = ""


@dataclass(frozen=True)
class DepartmentProgress:
    name: str | None  # None: sections not assigned to any department
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def approved(self) -> int:
        return self.counts.get(SectionStatus.APPROVED, 0)


@dataclass(frozen=True)
class ReportOverview:
    report: Report
    lines: list[SectionLine]
    departments: list[DepartmentProgress]

    @property
    def overdue(self) -> int:
        return sum(line.is_overdue for line in self.lines)

    @property
    def is_ready_to_sign_off(self) -> bool:
        return (
            self.report.status == ReportStatus.IN_REVIEW
            and bool(self.lines)
            and all(
                line.section.status == SectionStatus.APPROVED
                for line in self.lines
                if line.section.is_task
            )
        )

    def is_report_overdue(self, today: date) -> bool:
        return is_report_overdue(self.report, today)


def report_overview(report_id: int, actor: User, today: date | None = None) -> ReportOverview:
    """The report page: every section with its number, deadline and department progress;
    overdue is judged against `today` (default: today in Beijing)."""
    today = today or china_today()
    report = reports.get_report(report_id, actor)
    rows = reports.section_rows(report.id)
    numbers = reports.section_numbers(rows)
    lines = []
    for row in rows:
        section = row.section
        deadline = section.deadline or report.deadline
        overdue = is_overdue(deadline, section.status, today)
        preview = "" if section.heading else row.body[:PREVIEW_CHARS]
        lines.append(SectionLine(section, numbers.get(section.id, ""), deadline, overdue, preview))
    tasks = [row.section for row in rows if row.section.is_task]
    return ReportOverview(report, lines, department_progress(tasks))


def department_progress(sections: list[Section]) -> list[DepartmentProgress]:
    """Status counts per department in order of first appearance; unassigned ones last."""
    counts: dict[str, Counter] = {}
    unassigned: Counter = Counter()
    for section in sections:
        target = (
            counts.setdefault(section.department.name, Counter())
            if section.department
            else unassigned
        )
        target[section.status] += 1
    progress = [DepartmentProgress(name, dict(c)) for name, c in counts.items()]
    if unassigned:
        progress.append(DepartmentProgress(None, dict(unassigned)))
    return progress
