"""The report lock (DESIGN "Report lifecycle"): a signed-off or final report takes no writes.

Every write service calls `ensure_unlocked` before it changes anything; only withdrawing the
sign-off (and the final assembly, which reads) acts on a locked report.

The check reads the report row under a share lock (PostgreSQL ``FOR SHARE``) and signing off
takes it ``FOR UPDATE``: a write that passed the check finishes before a sign-off can look at
the sections, and a write that comes after a sign-off waits for it and then sees it. Without
that, a save racing a sign-off could leave a signed-off report with a section back in draft.
"""

from __future__ import annotations

from sqlalchemy import Select, select

from webapp.extensions import db
from webapp.models import Report, ReportStatus
from webapp.services.errors import Conflict

LOCKED_STATUSES = (ReportStatus.SIGNED_OFF, ReportStatus.FINAL)


def is_locked(report: Report) -> bool:
    """What a page shows (no row lock): the report as loaded is signed off or final."""
    return report.status in LOCKED_STATUSES


def is_locked_now(report_id: int) -> bool:
    """The committed status, read under a share lock held until the caller's commit."""
    status = db.session.scalar(
        select(Report.status).where(Report.id == report_id).with_for_update(read=True)
    )
    return status in LOCKED_STATUSES


def ensure_unlocked(report: Report) -> None:
    """Conflict (409, code "locked", locked=True) when the report is signed off or final."""
    if is_locked_now(report.id):
        raise locked_error()


def ensure_unlocked_exclusively(report: Report) -> None:
    """The same check for writers that go on to update the report row (structure edits): the
    row lock is taken at once, since two writers holding share locks would deadlock on it."""
    locked = report_for_update(report.id)
    if locked is not None and locked.status in LOCKED_STATUSES:
        raise locked_error()


def locked_error() -> Conflict:
    return Conflict(
        "报告已签发，已锁定，不能再修改；如需修改，请签发人先撤回签发",
        code="locked",
        locked=True,
    )


def unlocked_report_ids() -> Select:
    """For a compare-and-set UPDATE's WHERE: the open reports, share-locked like the check."""
    return select(Report.id).where(Report.status.not_in(LOCKED_STATUSES)).with_for_update(read=True)


def report_for_update(report_id: int) -> Report | None:
    """The report, locked against concurrent writes' checks (sign-off and withdrawal)."""
    return db.session.execute(
        select(Report)
        .where(Report.id == report_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
