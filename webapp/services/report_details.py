"""A report's document details: title, 发文机关署名, 成文日期, 发文字号, 主送机关 and deadline.

They feed the final document's layout (GB/T 9704-2012 §7.2.4, §7.3.2, §7.3.5). Leaders and
admins edit them on the report page and through `PATCH /api/v1/reports/{id}`; a signed-off
report keeps its title (it is the text that was signed off), but the issuing body, the date
and the rest may still be set for the final assembly.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from webapp.extensions import db
from webapp.models import Report, ReportStatus, User
from webapp.services import audit, policy, reports, search_index
from webapp.services.deadlines import CHINA_TZ
from webapp.services.errors import Conflict, Forbidden, InvalidInput

# Column sizes (models/report.py).
MAX_LENGTHS = {"title": 300, "issuer": 200, "doc_number": 100, "addressee": 300}
TEXT_FIELDS = tuple(MAX_LENGTHS)
DATE_FIELDS = ("issue_date", "deadline")
FIELDS = TEXT_FIELDS + DATE_FIELDS
_LOCKED_STATUSES = (ReportStatus.SIGNED_OFF, ReportStatus.FINAL)


def update_details(report_id: int, actor: User, **fields: Any) -> Report:
    """Set the given fields (others unchanged); one audit event lists what changed."""
    report = reports.get_report(report_id, actor)
    if not policy.can_edit_report_details(actor):
        raise Forbidden("只有签发人和管理员可以修改报告信息", code="report_details_forbidden")
    wanted = _validated(fields)
    if "title" in wanted and wanted["title"] != report.title and report.status in _LOCKED_STATUSES:
        raise Conflict("报告已签发，标题不能再修改", code="locked", locked=True)
    changed = {name: value for name, value in wanted.items() if getattr(report, name) != value}
    for name, value in changed.items():
        setattr(report, name, value)
    if "title" in changed:
        search_index.index_report(report)
    if changed:
        audit.record(
            actor,
            "report.update_details",
            "report",
            report.id,
            changes={name: _json_value(value) for name, value in changed.items()},
        )
    db.session.commit()
    return report


def date_of_issue(report: Report) -> date | None:
    """成文日期: the date set on the report, else the Beijing day it was signed off."""
    if report.issue_date is not None:
        return report.issue_date
    if report.signed_off_at is not None:
        return report.signed_off_at.astimezone(CHINA_TZ).date()
    return None


def _validated(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise InvalidInput(f"未知字段：{'、'.join(unknown)}", code="unknown_field", fields=unknown)
    wanted: dict[str, Any] = {}
    for name, value in fields.items():
        wanted[name] = _text(name, value) if name in TEXT_FIELDS else _date(name, value)
    return wanted


def _text(name: str, value: Any) -> str:
    text = " ".join(str(value or "").split())
    if name == "title" and not text:
        raise InvalidInput("标题不能为空", code="title_required", field=name)
    if len(text) > MAX_LENGTHS[name]:
        raise InvalidInput(
            f"{name} 最多 {MAX_LENGTHS[name]} 个字符", code="field_too_long", field=name
        )
    return text


def _date(name: str, value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    raise InvalidInput(
        f"{name} 应为日期（YYYY-MM-DD）", code="invalid_date", field=name, value=str(value)
    )


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
