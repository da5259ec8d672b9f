"""签发: the sign-off checklist, signing a report off, and withdrawing a sign-off.

The checklist is what the report page shows above the button and what the service enforces:
a report signs off only when no item blocks (DESIGN "Report lifecycle"). Blocking: a task
section not approved (or with no department to draft it), a 会签 department that has not
approved the current text, a placeholder in any heading or text. Warnings: other proofreading
errors, which reviewers have seen.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from webapp.extensions import db
from webapp.models import Report, ReportStatus, Section, SectionStatus, User
from webapp.models.types import utcnow
from webapp.services import (
    audit,
    consistency,
    countersign,
    lock,
    notifications,
    policy,
    reports,
    workflow,
)
from webapp.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from webapp.text import proofing
from webapp.text.proofing import placeholders

MAX_REASON_CHARS = 1000


@dataclass(frozen=True)
class CheckItem:
    """One reason (blocking) or piece of advice (warning), pointing at the section to fix."""

    section_id: int
    code: str
    section: str
    detail: str
    message: str
    link: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Checklist:
    blocking: tuple[CheckItem, ...]
    warnings: tuple[CheckItem, ...]

    @property
    def ready(self) -> bool:
        return not self.blocking

    def to_dict(self) -> dict[str, Any]:
        return {
            "ready": self.ready,
            "blocking": [item.to_dict() for item in self.blocking],
            "warnings": [item.to_dict() for item in self.warnings],
        }


def checklist(report: Report) -> Checklist:
    """Everything that stands between the report and its sign-off, in document order; the
    whole-report consistency findings come last, as warnings (they never block)."""
    rows = reports.section_rows(report.id)
    listed = evaluate(rows, countersign.chips_for_report(report.id))
    return Checklist(listed.blocking, listed.warnings + _consistency_items(report, rows))


def evaluate(
    all_rows: list[reports.SectionRow], chips: dict[int, list[countersign.Chip]]
) -> Checklist:
    """The checklist of the report's sections (head texts) and 会签 chips, read by the caller
    (the report page reads the chips once for the table and the checklist)."""
    rows = [row for row in all_rows if row.section.archived_at is None]
    numbers = reports.section_numbers(rows)
    blocking: list[CheckItem] = []
    warnings: list[CheckItem] = []
    for row in rows:
        section = row.section
        label = _label(section, numbers, row.body)
        blocking.extend(_placeholder_items(section, label, row.body))
        if policy.is_task(section):
            blocking.extend(_approval_items(section, label, chips.get(section.id, [])))
            warnings.extend(_proofreading_items(section, label, row.body))
    return Checklist(tuple(blocking), tuple(warnings))


def report_checklist(report_id: int, actor: User) -> Checklist:
    """The checklist for anyone who may read the report."""
    return checklist(reports.get_report(report_id, actor))


def consistency_findings(report: Report) -> list[dict[str, Any]]:
    """Whole-report consistency findings (GET /reports/{id}/checks "consistency")."""
    return consistency.findings_of(report)


def _consistency_items(report: Report, rows: list[reports.SectionRow]) -> tuple[CheckItem, ...]:
    numbers = reports.section_numbers(rows)
    by_id = {row.section.id: row for row in rows}
    items = []
    for finding in consistency.findings_of(report):
        row = by_id.get(finding["places"][0]["section_id"]) if finding["places"] else None
        if row is not None:
            section = row.section
            label = _label(section, numbers, row.body)
            items.append(_item(section, "consistency", label, finding["code"], finding["message"]))
    return tuple(items)


def _label(section: Section, numbers: dict[int, str], body: str) -> str:
    if section.kind == "preamble":
        return "（前言）"
    return reports.section_name(section, numbers.get(section.id, ""), body).rstrip("。")


def _item(section: Section, code: str, label: str, detail: str, message: str) -> CheckItem:
    if code == "no_department":  # nobody can draft it: the fix is on the assignment page
        link = f"/reports/{section.report_id}/assign"
    else:
        link = f"/sections/{section.id}" + ("/review" if code == "countersign_pending" else "")
    return CheckItem(section.id, code, label, detail, f"{label}：{message}", link)


def _placeholder_items(section: Section, label: str, body: str) -> list[CheckItem]:
    items = []
    for where, text in (("heading", section.heading), ("body", body)):
        found = next(iter(placeholders.check(text)), None)
        if found is not None:
            place = "标题" if where == "heading" else "正文"
            items.append(
                _item(
                    section,
                    f"placeholder_in_{where}",
                    label,
                    found.text,
                    f"{place}仍有未填写的占位符“{found.text}”",
                )
            )
    return items


def _approval_items(section: Section, label: str, chips: list[countersign.Chip]) -> list[CheckItem]:
    items = []
    if section.status != SectionStatus.APPROVED and section.department_id is None:
        items.append(_item(section, "no_department", label, "", "尚未分配承办部门"))
    elif section.status != SectionStatus.APPROVED:
        items.append(_item(section, "not_approved", label, section.status, "尚未审核通过"))
    for chip in chips:
        if chip.state != countersign.ChipState.APPROVED:
            items.append(
                _item(
                    section,
                    "countersign_pending",
                    label,
                    chip.department_name,
                    f"待{chip.department_name}会签",
                )
            )
    return items


def _proofreading_items(section: Section, label: str, body: str) -> list[CheckItem]:
    errors = [
        finding
        for finding in proofing.check(body)
        if finding.severity == "error" and finding.code != placeholders.CODE
    ]
    if not errors:
        return []
    first = errors[0]
    message = f"校对发现 {len(errors)} 处错误，如“{first.text}”：{first.message}"
    return [_item(section, "proofreading", label, first.text, message)]


def _leaders_report(report_id: int, actor: User) -> Report:
    """The report, row-locked: no write passes its lock check while it is signed or reopened."""
    if not policy.can_sign_off(actor):
        raise Forbidden("只有签发人可以签发或撤回签发", code="leaders_only")
    report = lock.report_for_update(report_id)
    if report is None:
        raise NotFound(f"没有这个报告：{report_id}", code="report_not_found", report_id=report_id)
    return report


def sign_off(report_id: int, actor: User) -> Report:
    """签发: refused (409 "sign_off_blocked", with the blocking list) unless nothing blocks."""
    report = _leaders_report(report_id, actor)
    if lock.is_locked(report):
        raise Conflict("报告已签发", code="already_signed_off", locked=True)
    checks = checklist(report)
    if not checks.ready:
        raise Conflict(
            f"还有 {len(checks.blocking)} 项未完成，不能签发：{checks.blocking[0].message}",
            code="sign_off_blocked",
            blocking=[item.to_dict() for item in checks.blocking],
        )
    report.status = ReportStatus.SIGNED_OFF
    report.signed_off_at, report.signed_off_by_id = utcnow(), actor.id
    audit.record(actor, "report.sign_off", "report", report.id)
    notifications.on_report_event(report, "signed_off", actor)
    db.session.commit()
    return report


def withdraw(report_id: int, actor: User, reason: str) -> Report:
    """Withdraw a sign-off: the report reopens; final documents already made stay as they are."""
    report = _leaders_report(report_id, actor)
    reason = reason.strip()
    if not reason:
        raise InvalidInput("撤回签发必须写明原因", code="reason_required", field="reason")
    if len(reason) > MAX_REASON_CHARS:
        raise InvalidInput(
            f"撤回原因不能超过 {MAX_REASON_CHARS} 字",
            code="reason_too_long",
            field="reason",
            limit=MAX_REASON_CHARS,
        )
    if not lock.is_locked(report):
        raise Conflict("报告尚未签发，无需撤回", code="not_signed_off")
    previous = report.status
    report.status = ReportStatus.DRAFTING
    report.signed_off_at = report.signed_off_by_id = None
    workflow.refresh_report_status(report)
    audit.record(
        actor, "report.withdraw_sign_off", "report", report.id, reason=reason, previous=previous
    )
    notifications.on_report_event(report, "sign_off_withdrawn", actor, reason=reason)
    db.session.commit()
    return report
