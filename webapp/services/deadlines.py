"""Deadline reminders: "deadline soon" and "overdue" notices to whoever must act on a section.

A section's deadline is its own, or the report's when it has none. Days are counted in the
Asia/Shanghai zone. Run periodically (beat task `remind_deadlines`); the dedupe key holds
each reminder to once per section, user, kind and day however often the scan runs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from webapp.extensions import db
from webapp.models import (
    Report,
    ReportStatus,
    Revision,
    Role,
    Section,
    SectionCountersign,
    SectionStatus,
    User,
)
from webapp.services import notifications, reports

CHINA_TZ = ZoneInfo("Asia/Shanghai")
_OPEN_REPORTS = (ReportStatus.DRAFTING, ReportStatus.IN_REVIEW)


def china_today() -> date:
    return datetime.now(CHINA_TZ).date()


def effective_deadline():
    """SQL expression: the section's deadline, else its report's."""
    return func.coalesce(Section.deadline, Report.deadline)


@dataclass(frozen=True)
class DueSection:
    id: int
    heading: str
    status: str
    department_id: int
    report_title: str
    deadline: date
    report_id: int
    kind: str = "numbered"
    text_start: str = ""  # the head text's first NAME_PREVIEW_CHARS + 1 characters

    @property
    def name(self) -> str:
        """The heading, or a heading-less numbered paragraph's start of text ("": preamble)."""
        return reports.unnumbered_name(self.heading, self.kind, self.text_start)


def remind(today: date) -> int:
    """Notify the people of every unapproved section due within DEADLINE_REMINDER_DAYS of
    `today` (or overdue); returns how many notifications are new."""
    due = due_sections(today + timedelta(days=current_app.config["DEADLINE_REMINDER_DAYS"]))
    countersign = _countersign_departments(
        [section.id for section in due if section.status == SectionStatus.SUBMITTED]
    )
    people = _people_by_department(
        {section.department_id for section in due} | set().union(*countersign.values())
    )
    created = 0
    for section in due:
        kind = "overdue" if section.deadline < today else "deadline_soon"
        recipients, link = _who_acts(section, people, countersign[section.id])
        created += notifications.add(
            recipients,
            kind,
            _reminder_message(section, today),
            link,
            dedupe_key=f"{kind}:s{section.id}:{today.isoformat()}",
        )
    db.session.commit()
    return created


def _who_acts(
    section: DueSection, people: dict[tuple[int, str], list[User]], countersign: list[int]
) -> tuple[list[User], str]:
    """Submitted sections wait for their (and their 会签) reviewers; the others for drafters."""
    if section.status == SectionStatus.SUBMITTED:
        departments = [section.department_id, *countersign]
        reviewers = [user for d in departments for user in people[d, Role.REVIEWER]]
        return reviewers, f"/sections/{section.id}/review"
    return people[section.department_id, Role.DRAFTER], f"/sections/{section.id}"


def due_sections(limit: date) -> list[DueSection]:
    """Unapproved, assigned sections (with a body, not archived) of open reports whose deadline
    is on or before `limit`."""
    deadline = effective_deadline()
    rows = db.session.execute(
        select(
            Section.id,
            Section.heading,
            Section.status,
            Section.department_id,
            Report.title,
            deadline,
            Report.id,
            Section.kind,
            func.coalesce(func.substr(Revision.body, 1, reports.NAME_PREVIEW_CHARS + 1), ""),
        )
        .join(Report, Report.id == Section.report_id)
        .outerjoin(
            Revision,
            and_(Revision.section_id == Section.id, Revision.number == Section.head_revision),
        )
        .where(
            Report.status.in_(_OPEN_REPORTS),
            Section.status != SectionStatus.APPROVED,
            Section.department_id.is_not(None),
            # Headings without a body and archived sections are nobody's task.
            Section.heading_only.is_(False),
            Section.archived_at.is_(None),
            deadline <= limit,
        )
        .order_by(Section.id)
    ).all()
    return [DueSection(*row) for row in rows]


def _people_by_department(department_ids: set[int]) -> dict[tuple[int, str], list[User]]:
    people: dict[tuple[int, str], list[User]] = defaultdict(list)
    if not department_ids:
        return people
    users = db.session.scalars(
        select(User).where(
            User.active.is_(True),
            User.role.in_((Role.DRAFTER, Role.REVIEWER)),
            User.department_id.in_(department_ids),
        )
    )
    for user in users:
        people[user.department_id, user.role].append(user)
    return people


def _countersign_departments(section_ids: list[int]) -> dict[int, list[int]]:
    departments: dict[int, list[int]] = defaultdict(list)
    if not section_ids:
        return departments
    rows = db.session.execute(
        select(SectionCountersign.section_id, SectionCountersign.department_id).where(
            SectionCountersign.section_id.in_(section_ids)
        )
    )
    for section_id, department_id in rows:
        departments[section_id].append(department_id)
    return departments


def _reminder_message(section: DueSection, today: date) -> str:
    with force_locale(notifications.message_locale()):
        names = {
            "report": section.report_title,
            "section": notifications.section_label(section.name),
            "date": format_date(section.deadline, "long"),
        }
        days_left = (section.deadline - today).days
        if days_left < 0:
            return _("《%(report)s》%(section)s已逾期（截止日期：%(date)s）", **names)
        if days_left == 0:
            return _("《%(report)s》%(section)s今天截止（%(date)s）", **names)
        return _(
            "《%(report)s》%(section)s将于%(date)s截止，还有 %(days)s 天", days=days_left, **names
        )
