"""The reports a user may read, filtered by status and year, one page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select

from webapp.extensions import db
from webapp.models import Report, Role, Section, User
from webapp.models.report import SectionCountersign
from webapp.services.errors import InvalidInput

MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class ReportPage:
    reports: list[Report]
    total: int
    page: int
    per_page: int


def list_reports(
    actor: User, status: str | None, year: int | None, page: int = 1, per_page: int = 20
) -> ReportPage:
    """Newest first; the same reading rule as policy.can_read_report, as SQL."""
    if page < 1 or not 1 <= per_page <= MAX_PAGE_SIZE:
        raise InvalidInput(f"页码无效：{page}", code="invalid_page", page=page)
    query = select(Report).where(*_readable(actor))
    if status is not None:
        query = query.where(Report.status == status)
    if year is not None:
        query = query.where(Report.year == year)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        query.order_by(Report.created_at.desc(), Report.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return ReportPage(list(rows), total, page, per_page)


def _readable(actor: User) -> list:
    if actor.role in (Role.ADMIN, Role.LEADER):
        return []
    own = exists().where(
        Section.report_id == Report.id, Section.department_id == actor.department_id
    )
    countersigned = exists().where(
        Section.report_id == Report.id,
        SectionCountersign.section_id == Section.id,
        SectionCountersign.department_id == actor.department_id,
    )
    return [or_(own, countersigned)]
