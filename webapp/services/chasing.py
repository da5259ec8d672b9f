"""Chasing: the leader sees overdue sections per department and 催办 a department with one
click (its drafters are notified; at most once per CHASE_INTERVAL_MIN, audited); sections
overdue by more than ESCALATE_AFTER_DAYS are reported to the leaders once (beat task)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Chase, Department, Report, Role, User
from webapp.models.types import utcnow
from webapp.services import accounts, audit, notifications, policy
from webapp.services.deadlines import DueSection, due_sections
from webapp.services.errors import Forbidden, InvalidInput, NotFound, TooManyRequests


@dataclass(frozen=True)
class OverdueDepartment:
    """One department's overdue sections in one report, and when it was last chased."""

    report_id: int
    report_title: str
    department_code: str
    department_name: str
    sections: tuple[DueSection, ...]
    last_chased_at: datetime | None
    next_chase_at: datetime | None

    @property
    def oldest_deadline(self) -> date:
        return min(section.deadline for section in self.sections)


def _interval() -> timedelta:
    return timedelta(minutes=current_app.config["CHASE_INTERVAL_MIN"])


def _require_chase_right(actor: User) -> None:
    if not policy.can_chase(actor):
        raise Forbidden("只有签发人和管理员可以催办", code="chase_forbidden")


def overdue_by_department(actor: User, today: date) -> list[OverdueDepartment]:
    """Open reports' unapproved sections past their deadline, grouped by report and department."""
    _require_chase_right(actor)
    groups: dict[tuple[int, int], list[DueSection]] = defaultdict(list)
    titles: dict[int, str] = {}
    for section in due_sections(today - timedelta(days=1)):
        groups[section.report_id, section.department_id].append(section)
        titles[section.report_id] = section.report_title
    departments = {
        department.id: department
        for department in db.session.scalars(
            select(Department).where(Department.id.in_({key[1] for key in groups}))
        )
    }
    chased = _last_chases(list(groups))
    result = []
    for (report_id, department_id), sections in groups.items():
        last = chased.get((report_id, department_id))
        result.append(
            OverdueDepartment(
                report_id,
                titles[report_id],
                departments[department_id].code,
                departments[department_id].name,
                tuple(sections),
                last,
                last + _interval() if last and last + _interval() > utcnow() else None,
            )
        )
    return sorted(
        result, key=lambda item: (item.oldest_deadline, item.report_id, item.department_code)
    )


def _last_chases(keys: list[tuple[int, int]]) -> dict[tuple[int, int], datetime]:
    if not keys:
        return {}
    rows = db.session.execute(
        select(Chase.report_id, Chase.department_id, func.max(Chase.chased_at))
        .where(Chase.report_id.in_({key[0] for key in keys}))
        .group_by(Chase.report_id, Chase.department_id)
    )
    return {(report_id, department_id): at for report_id, department_id, at in rows}


def chase(report_id: int, department_code: str, actor: User, today: date) -> int:
    """催办: notify the department's drafters of its overdue sections in the report; returns
    how many people were notified."""
    _require_chase_right(actor)
    # The report row's lock makes two leaders' simultaneous chases take turns, so the rate
    # limit holds on PostgreSQL (SQLite ignores FOR UPDATE: embedded mode may send both).
    report = db.session.get(Report, report_id, with_for_update=True)
    if report is None:
        raise NotFound(f"没有这个报告：{report_id}", code="report_not_found", report_id=report_id)
    department = accounts.department_by_code(department_code)
    overdue = [
        section
        for section in due_sections(today - timedelta(days=1))
        if section.report_id == report.id and section.department_id == department.id
    ]
    if not overdue:
        raise InvalidInput(
            f"{department.name}在这个报告中没有逾期的章节",
            code="nothing_overdue",
            department=department.name,
        )
    _check_rate_limit(report.id, department)
    drafters = db.session.scalars(
        select(User).where(
            User.active.is_(True), User.role == Role.DRAFTER, User.department_id == department.id
        )
    ).all()
    notified = notifications.add(
        drafters, "chase", _chase_message(report, actor, overdue), f"/reports/{report.id}"
    )
    db.session.add(Chase(report_id=report.id, department_id=department.id, chased_by_id=actor.id))
    audit.record(
        actor,
        "report.chase",
        "report",
        report.id,
        department=department.code,
        sections=[section.id for section in overdue],
        notified=notified,
    )
    db.session.commit()
    return notified


def _check_rate_limit(report_id: int, department: Department) -> None:
    last = _last_chases([(report_id, department.id)]).get((report_id, department.id))
    if last is None:
        return
    wait = last + _interval() - utcnow()
    if wait > timedelta(0):
        minutes = int(wait.total_seconds() // 60) + 1
        raise TooManyRequests(
            f"刚刚已催办过{department.name}，请 {minutes} 分钟后再催办",
            code="chased_recently",
            department=department.name,
            minutes=minutes,
        )


def _chase_message(report: Report, actor: User, overdue: list[DueSection]) -> str:
    with force_locale(notifications.message_locale()):
        sections = "、".join(notifications.section_label(section.name) for section in overdue)
        return _(
            "%(leader)s催办：《%(report)s》%(sections)s已逾期，请尽快完成",
            leader=actor.display_name,
            report=report.title,
            sections=sections,
        )


def escalate(today: date) -> int:
    """Tell the leaders, once per section and deadline, of sections overdue by more than
    ESCALATE_AFTER_DAYS; returns how many notifications are new (the caller is beat)."""
    days = current_app.config["ESCALATE_AFTER_DAYS"]
    overdue = due_sections(today - timedelta(days=days + 1))
    if not overdue:
        return 0
    leaders = db.session.scalars(
        select(User).where(User.active.is_(True), User.role == Role.LEADER)
    ).all()
    created = 0
    for section in overdue:
        created += notifications.add(
            leaders,
            "escalated",
            _escalation_message(section, today),
            f"/sections/{section.id}",
            dedupe_key=f"escalated:s{section.id}:{section.deadline.isoformat()}",
        )
    db.session.commit()
    return created


def _escalation_message(section: DueSection, today: date) -> str:
    with force_locale(notifications.message_locale()):
        return _(
            "《%(report)s》%(section)s已逾期 %(days)s 天，请督办",
            report=section.report_title,
            section=notifications.section_label(section.name),
            days=(today - section.deadline).days,
        )
