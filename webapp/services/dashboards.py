"""Read models for dashboards: the reports a user can see, with section progress."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import exists, func, select

from webapp.extensions import db
from webapp.models import Report, Role, Section, User


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


@dataclass(frozen=True)
class Dashboard:
    reports: list[ReportProgress]


def visible_reports_query(user: User):
    query = select(Report).order_by(Report.created_at.desc(), Report.id.desc())
    if user.role in (Role.ADMIN, Role.LEADER):
        return query
    in_department = exists().where(
        Section.report_id == Report.id, Section.department_id == user.department_id
    )
    return query.where(in_department)


def for_user(user: User) -> Dashboard:
    """Two queries whatever the number of reports: the reports, then all their status counts."""
    reports = db.session.scalars(visible_reports_query(user)).all()
    counts: dict[int, Counter] = {report.id: Counter() for report in reports}
    if reports:
        rows = db.session.execute(
            select(Section.report_id, Section.status, func.count())
            .where(Section.report_id.in_(counts))
            .group_by(Section.report_id, Section.status)
        )
        for report_id, status, count in rows:
            counts[report_id][status] = count
    return Dashboard(
        [ReportProgress(r, sum(counts[r.id].values()), dict(counts[r.id])) for r in reports]
    )
