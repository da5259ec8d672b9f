"""The review workflow: submit, decide on one exact revision, countersign, assign.

Section states: draft → submitted → approved | changes_requested (→ draft on the next save).
Report states: drafting → in_review (every task section submitted or approved) → signed_off →
final; signing off and withdrawing live in `signoff`, the lock in `lock`.
An approval holds for the text it read (by sha256): a later revision with other text makes it
stale, one with the same text (a restore) keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, func, select

from webapp.extensions import db
from webapp.models import (
    Decision,
    Department,
    Report,
    ReportStatus,
    Review,
    Revision,
    Section,
    SectionCountersign,
    SectionStatus,
    User,
)
from webapp.models.types import utcnow
from webapp.services import accounts, audit, lock, notifications, policy, reports
from webapp.services.claims import release_after_decision
from webapp.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from webapp.services.reports import load_section

MAX_REVIEW_CHARS = 5000
_OPEN_STATES = (SectionStatus.DRAFT, SectionStatus.CHANGES_REQUESTED)


def _require_task(section: Section) -> None:
    if section.archived_at is not None:
        raise Conflict("这个章节已归档，只能查看历史", code="section_archived")
    if not policy.is_task(section):
        raise InvalidInput("这个章节只是结构标题，不需要提交或审核", code="not_a_task")


def submit(section_id: int, actor: User) -> Section:
    section = load_section(section_id)
    _require_task(section)
    if not policy.can_submit(actor, section):
        raise Forbidden("只有本部门的拟稿人可以提交审核", code="not_your_department")
    ensure_task(section)
    lock.ensure_unlocked(section.report)
    if section.status not in _OPEN_STATES:
        raise InvalidInput("只有起草中或退回修改的章节可以提交审核", code="not_submittable")
    # Text that was approved before (e.g. restored) needs no second round.
    section.status = (
        SectionStatus.APPROVED if is_fully_approved(section) else SectionStatus.SUBMITTED
    )
    audit.record(actor, "section.submit", "section", section.id, revision=section.head_revision)
    notifications.on_section_event(section, "submitted", actor)
    refresh_report_status(section.report)
    db.session.commit()
    return section


def ensure_task(section: Section) -> None:
    if not policy.is_task(section):
        raise InvalidInput(
            "这是只有标题的结构节点，不需要提交或审核，请处理其下的章节", code="not_a_task"
        )


def countersign_departments(section: Section) -> list[Department]:
    return list(
        db.session.scalars(
            select(Department)
            .join(SectionCountersign, SectionCountersign.department_id == Department.id)
            .where(SectionCountersign.section_id == section.id)
            .order_by(Department.code)
        )
    )


def decide(section_id: int, actor: User, revision: int, decision: str, body: str = "") -> Review:
    """Record a decision on exactly `revision`, which must still be the head."""
    section = load_section(section_id)
    _require_task(section)
    if decision not in {d.value for d in Decision}:
        raise InvalidInput(
            f"审核意见类型无效：{decision}（approve、request_changes、comment）",
            code="invalid_decision",
            decision=decision,
        )
    if len(body) > MAX_REVIEW_CHARS:
        raise InvalidInput(
            f"审核意见不能超过 {MAX_REVIEW_CHARS} 字",
            code="review_too_long",
            limit=MAX_REVIEW_CHARS,
        )
    if not policy.can_decide(actor, section):
        raise Forbidden(
            "只有本部门（或会签部门）的审核人、签发人和管理员可以审核", code="not_a_reviewer"
        )
    ensure_task(section)
    lock.ensure_unlocked(section.report)
    if revision != section.head_revision:
        raise Conflict(
            f"章节已有新版本（第 {section.head_revision} 版），请阅读最新版本后再审核",
            code="stale_revision",
            head=section.head_revision,
        )
    read = reports.revision_row(section.id, revision)
    if decision != Decision.COMMENT:
        _check_decidable(section, actor, read, decision, body)
    review = Review(
        section_id=section.id,
        revision_id=read.id,
        text_sha256=read.sha256,
        reviewer_id=actor.id,
        department_id=policy.deciding_department(actor, section),
        decision=decision,
        body=body.strip(),
    )
    db.session.add(review)
    db.session.flush()
    _apply_decision(section, actor, review)
    release_after_decision(section, review)
    audit.record(
        actor, f"review.{decision}", "section", section.id, revision=revision, review=review.id
    )
    refresh_report_status(section.report)
    db.session.commit()
    return review


def _check_decidable(section: Section, actor: User, read: Revision, decision: str, body: str):
    if section.status != SectionStatus.SUBMITTED:
        raise InvalidInput("章节尚未提交审核", code="not_submitted")
    if decision == Decision.APPROVE and policy.wrote_text_under_review(
        actor, section, last_approved_revision(section)
    ):
        raise Forbidden(
            "不能审批自己撰写的版本（四眼原则），请由其他审核人审批", code="own_revision"
        )
    if decision == Decision.REQUEST_CHANGES and not body.strip():
        raise InvalidInput("退回修改时请写明修改意见", code="reason_required")


def _apply_decision(section: Section, actor: User, review: Review) -> None:
    if review.decision == Decision.REQUEST_CHANGES:
        _dismiss_approvals(section, review.text_sha256)
        section.status = SectionStatus.CHANGES_REQUESTED
        notifications.on_section_event(section, "changes_requested", actor)
    elif review.decision == Decision.APPROVE and is_fully_approved(section):
        section.status = SectionStatus.APPROVED
        notifications.on_section_event(section, "approved", actor)


def _dismiss_approvals(section: Section, sha256: str) -> None:
    """A request for changes withdraws the approvals given to the same text."""
    for review in current_approvals(section, sha256):
        review.dismissed_at = utcnow()


def current_approvals(section: Section, sha256: str | None = None) -> list[Review]:
    """Approvals that hold for the text with this sha256 (default: the head's)."""
    return list(
        db.session.scalars(
            select(Review).where(
                Review.section_id == section.id,
                Review.decision == Decision.APPROVE,
                Review.dismissed_at.is_(None),
                Review.text_sha256 == (sha256 or section.head_sha256),
            )
        )
    )


def is_fully_approved(section: Section, sha256: str | None = None) -> bool:
    """The text (default: the head's) carries an approval for the section's department and
    every countersigning department."""
    required = {section.department_id} | {d.id for d in countersign_departments(section)}
    approved = {review.department_id for review in current_approvals(section, sha256)}
    return section.head_revision > 0 and required <= approved


def latest_request_for_changes(section: Section) -> Review | None:
    """Why a sent-back section was sent back: the newest request for changes, if that is
    where it stands."""
    if section.status != SectionStatus.CHANGES_REQUESTED:
        return None
    return db.session.scalar(
        select(Review)
        .where(Review.section_id == section.id, Review.decision == Decision.REQUEST_CHANGES)
        .order_by(Review.id.desc())
        .limit(1)
    )


def newest_approved_revisions(*where: ColumnElement[bool]) -> Select:
    """(section_id, number) of each section's newest revision whose text a standing approval
    covers: the one definition. An approval binds a text's sha256, so a later revision with
    the same text is covered too; dismissed (stale) approvals do not count."""
    return (
        select(Revision.section_id, func.max(Revision.number).label("number"))
        .join(
            Review,
            and_(Review.section_id == Revision.section_id, Review.text_sha256 == Revision.sha256),
        )
        .where(Review.decision == Decision.APPROVE, Review.dismissed_at.is_(None), *where)
        .group_by(Revision.section_id)
    )


def last_approved_revision(section: Section) -> int | None:
    """The newest revision whose text carries a standing approval (what a reviewer last passed)."""
    row = db.session.execute(newest_approved_revisions(Revision.section_id == section.id)).first()
    return row.number if row else None


def after_new_revision(section: Section, sha256: str) -> None:
    """In the save transaction: an approved section whose text changed leaves approved."""
    if section.status == SectionStatus.APPROVED and not is_fully_approved(section, sha256):
        section.status = SectionStatus.DRAFT
        refresh_report_status(section.report)


def refresh_report_status(report: Report) -> None:
    """drafting ⇄ in_review follows the task sections; signed_off and final are never undone
    here (only a withdrawal reopens a report)."""
    if report.status not in (ReportStatus.DRAFTING, ReportStatus.IN_REVIEW):
        return
    statuses = db.session.scalars(
        select(Section.status).where(
            Section.report_id == report.id,
            Section.heading_only.is_(False),
            Section.archived_at.is_(None),
        )
    ).all()
    all_in = all(status in (SectionStatus.SUBMITTED, SectionStatus.APPROVED) for status in statuses)
    report.status = ReportStatus.IN_REVIEW if statuses and all_in else ReportStatus.DRAFTING


@dataclass(frozen=True)
class SectionPlan:
    """What an admin or leader sets for one section; None leaves a field as it is."""

    department_code: str | None = None
    deadline: date | None = None
    countersign_codes: list[str] | None = None


def assign(
    section_id: int,
    actor: User,
    department_code: str | None = None,
    deadline: date | None = None,
    countersign_codes: list[str] | None = None,
) -> Section:
    """Admins and leaders set a section's department, deadline and countersigning departments."""
    _require_assign_right(actor)
    section = load_section(section_id)
    lock.ensure_unlocked(section.report)
    _apply_plan(section, actor, SectionPlan(department_code, deadline, countersign_codes))
    db.session.commit()
    return section


def plan_report(
    report_id: int, actor: User, report_deadline: date | None, plans: dict[int, SectionPlan]
) -> Report:
    """The assignment page: the report's deadline and every section's plan in one transaction."""
    _require_assign_right(actor)
    report = db.session.get(Report, report_id)
    if report is None:
        raise NotFound(f"没有这个报告：{report_id}", code="report_not_found", report_id=report_id)
    lock.ensure_unlocked(report)
    sections = {section.id: section for section in report.sections}
    if not set(plans) <= set(sections):
        raise InvalidInput("章节不属于这个报告", code="section_not_in_report")
    if report_deadline != report.deadline:
        report.deadline = report_deadline
        audit.record(
            actor,
            "report.deadline",
            "report",
            report.id,
            deadline=report_deadline.isoformat() if report_deadline else None,
        )
    for section_id, plan in plans.items():
        try:
            _apply_plan(sections[section_id], actor, plan)
        except (InvalidInput, NotFound) as error:
            db.session.rollback()  # never half-applied
            # The form marks the row that holds the wrong value.
            error.details.setdefault("section_id", section_id)
            raise
    db.session.commit()
    return report


def assignable_report(report_id: int, actor: User) -> Report:
    """The report whose sections an admin or leader is about to assign."""
    report = reports.get_report(report_id, actor)
    _require_assign_right(actor)
    return report


def _require_assign_right(actor: User) -> None:
    if not policy.can_assign(actor):
        raise Forbidden("只有管理员和签发人可以分配章节", code="assign_forbidden")


def _apply_plan(section: Section, actor: User, plan: SectionPlan) -> None:
    changes: dict[str, object] = {}
    if plan.department_code is not None:
        department = accounts.department_by_code(plan.department_code)
        if department.id != section.department_id:
            section.department = department
            changes["department"] = department.code
            notifications.on_section_event(section, "assigned", actor)
    if plan.deadline is not None and plan.deadline != section.deadline:
        section.deadline = plan.deadline
        changes["deadline"] = plan.deadline.isoformat()
    if plan.countersign_codes is not None:
        current = sorted(department.code for department in countersign_departments(section))
        if sorted(plan.countersign_codes) != current:
            _set_countersign(section, plan.countersign_codes)
            changes["countersign"] = sorted(plan.countersign_codes)
    if changes:
        audit.record(actor, "section.assign", "section", section.id, **changes)


def _set_countersign(section: Section, codes: list[str]) -> None:
    departments = [accounts.department_by_code(code) for code in codes]
    if any(department.id == section.department_id for department in departments):
        raise InvalidInput("会签部门不能是章节的承办部门", code="countersign_own_department")
    db.session.execute(
        SectionCountersign.__table__.delete().where(SectionCountersign.section_id == section.id)
    )
    for department in departments:
        db.session.add(SectionCountersign(section_id=section.id, department_id=department.id))
