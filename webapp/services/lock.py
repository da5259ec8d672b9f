"""The report lock (DESIGN "Report lifecycle"): a signed-off or final report takes no writes.

Every write service calls `ensure_unlocked` before it changes anything; only withdrawing the
sign-off (and the final assembly, which reads) acts on a locked report.
"""

from __future__ import annotations

from webapp.models import Report, ReportStatus
from webapp.services.errors import Conflict

LOCKED_STATUSES = (ReportStatus.SIGNED_OFF, ReportStatus.FINAL)


def is_locked(report: Report) -> bool:
    return report.status in LOCKED_STATUSES


def ensure_unlocked(report: Report) -> None:
    """Conflict (409, code "locked", locked=True) when the report is signed off or final."""
    if is_locked(report):
        raise Conflict(
            "报告已签发，已锁定，不能再修改；如需修改，请签发人先撤回签发",
            code="locked",
            locked=True,
        )
