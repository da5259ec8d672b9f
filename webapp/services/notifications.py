"""Notifications: in-app rows in the caller's transaction, e-mail copies queued after commit.

The in-app row is the source of truth. E-mail is a best-effort copy: it is handed to the
Celery task `send_email` only once the transaction that created the row has committed (a
rolled-back action sends nothing), and a broker outage is logged, never raised to the user.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from webapp import jobs
from webapp.extensions import db
from webapp.models import Notification, Report, Role, Section, SectionCountersign, User
from webapp.models.types import utcnow
from webapp.services import reports
from webapp.services.errors import InvalidInput, NotFound

log = logging.getLogger(__name__)

PAGE_SIZE = 30
SECTION_EVENTS = ("assigned", "submitted", "changes_requested", "approved")
REPORT_EVENTS = ("signed_off", "sign_off_withdrawn", "final_ready")


def notify(
    users: Iterable[User], kind: str, message: str, link: str = "", dedupe_key: str | None = None
) -> None:
    """Notify active users in the current transaction (the caller commits).

    With `dedupe_key`, a user who already has a notification under that key gets nothing.
    """
    add(users, kind, message, link, dedupe_key)


def add(
    users: Iterable[User], kind: str, message: str, link: str = "", dedupe_key: str | None = None
) -> int:
    """`notify`, returning how many notifications were new."""
    recipients = {user.id: user for user in users if user.active}
    if not recipients:
        return 0
    now = utcnow()
    rows = [
        {
            "user_id": user_id,
            "kind": kind,
            "message": message,
            "link": link,
            "dedupe_key": f"{dedupe_key}:u{user_id}" if dedupe_key else None,
            "created_at": now,
        }
        for user_id in recipients
    ]
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    # ON CONFLICT rather than a prior SELECT: two reminder runs racing on one key must not
    # fail each other's transaction, the second simply inserts nothing.
    statement = (
        insert(Notification)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(Notification.user_id)
    )
    created = db.session.scalars(statement, rows).all()
    _queue_mail([recipients[user_id] for user_id in created], message, link)
    return len(created)


def on_section_event(section: Section, event_name: str, actor: User) -> None:
    """Tell the people who must act next on the section (never the actor themself)."""
    if event_name not in SECTION_EVENTS:
        raise ValueError(f"unknown section event: {event_name}")
    # A department just assigned through the relationship has no department_id until flushed.
    db.session.flush()
    role = Role.REVIEWER if event_name == "submitted" else Role.DRAFTER
    recipients = [user for user in _section_people(section, role) if user.id != actor.id]
    kind, message, link = _section_message(section, event_name)
    if event_name == "submitted":
        # 会签 departments are asked to countersign, not told of a submission for review.
        countersigners = _countersign_department_ids(section)
        asked = [user for user in recipients if user.department_id in countersigners]
        recipients = [user for user in recipients if user.department_id not in countersigners]
        notify(asked, *_countersign_message(section))
    notify(recipients, kind, message, link)


def on_report_created(sections: Iterable[Section], actor: User) -> None:
    """Departments given sections when the report is made (import) hear of it like later ones."""
    for section in sections:
        if section.department is not None:
            on_section_event(section, "assigned", actor)


def on_report_event(report: Report, event_name: str, actor: User | None, reason: str = "") -> None:
    """Leaders, admins and the users of the report's departments (`reason`: of a withdrawal).

    The leader who signed off is not told of it; whoever requested the final assembly is
    told it is ready, since the worker finished it long after their request.
    """
    if event_name not in REPORT_EVENTS:
        raise ValueError(f"unknown report event: {event_name}")
    departments = select(Section.department_id).where(Section.report_id == report.id)
    people = db.session.scalars(
        select(User).where(
            User.active.is_(True),
            or_(User.role.in_((Role.LEADER, Role.ADMIN)), User.department_id.in_(departments)),
        )
    ).all()
    with force_locale(message_locale()):
        if event_name == "signed_off":
            people = [user for user in people if actor is None or user.id != actor.id]
            message = _("《%(report)s》已签发", report=report.title)
        elif event_name == "sign_off_withdrawn":
            people = [user for user in people if actor is None or user.id != actor.id]
            message = _(
                "《%(report)s》已撤回签发，重新开放修改。原因：%(reason)s",
                report=report.title,
                reason=reason,
            )
        else:
            message = _("《%(report)s》的定稿文件已生成，可以下载", report=report.title)
    notify(people, f"report_{event_name}", message, f"/reports/{report.id}")


def _section_people(section: Section, role: Role) -> list[User]:
    """Active users of the role in the section's department; reviewers also in 会签 ones."""
    departments = [User.department_id == section.department_id]
    if role == Role.REVIEWER:
        countersign = select(SectionCountersign.department_id).where(
            SectionCountersign.section_id == section.id
        )
        departments.append(User.department_id.in_(countersign))
    return list(
        db.session.scalars(
            select(User).where(User.role == role, User.active.is_(True), or_(*departments))
        )
    )


def _countersign_department_ids(section: Section) -> set[int]:
    return set(
        db.session.scalars(
            select(SectionCountersign.department_id).where(
                SectionCountersign.section_id == section.id
            )
        )
    )


def _countersign_message(section: Section) -> tuple[str, str, str]:
    with force_locale(message_locale()):
        message = _(
            "请会签：《%(report)s》%(section)s",
            report=section.report.title,
            section=_section_name(section),
        )
    return "countersign_requested", message, f"/sections/{section.id}/review"


def _section_message(section: Section, event_name: str) -> tuple[str, str, str]:
    """(kind, message, link) in the organisation's language, whoever triggered the event."""
    with force_locale(message_locale()):
        names = {"report": section.report.title, "section": _section_name(section)}
        if event_name == "assigned":
            message = _("《%(report)s》%(section)s已分配给本部门起草", **names)
            return "section_assigned", message, f"/sections/{section.id}"
        if event_name == "submitted":
            message = _("《%(report)s》%(section)s已提交审核", **names)
            return "section_submitted", message, f"/sections/{section.id}/review"
        if event_name == "changes_requested":
            message = _("《%(report)s》%(section)s被退回修改", **names)
            return "changes_requested", message, f"/sections/{section.id}"
        message = _("《%(report)s》%(section)s已审核通过", **names)
        return "section_approved", message, f"/sections/{section.id}"


def _section_name(section: Section) -> str:
    """section_label, except that a numbered paragraph without a heading is named by its
    number and the start of its text (reports.section_name), not as the preamble."""
    if section.kind == "numbered" and not section.heading:
        return reports.numbered_heading(section)
    return section_label(section.heading)


def section_label(heading: str) -> str:
    """The heading (a run-in one without its full stop), or a name for a preamble."""
    return heading.rstrip("。") or _("（前言）")  # text.nodes.PREAMBLE_LABEL, translated


def message_locale() -> str:
    # Stored messages are read later by other people: write them in the organisation's
    # language, not in the language of whoever happened to trigger the event.
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def mail_address(user: User) -> str:
    """Usernames that are e-mail addresses are used as such; others get MAIL_DOMAIN."""
    if "@" in user.username:
        return user.username
    return f"{user.username}@{current_app.config['MAIL_DOMAIN']}"


def _queue_mail(users: list[User], message: str, link: str) -> None:
    config = current_app.config
    if config["MAIL_BACKEND"] == "none" or not users:
        return
    with force_locale(message_locale()):
        subject = _("【统稿】%(message)s", message=message)
    body = message + (f"\n\n{config['PUBLIC_URL'].rstrip('/')}{link}" if link else "")
    for user in users:
        jobs.publish_after_commit(jobs.SEND_EMAIL, mail_address(user), subject, body)


def unread_count(user: User) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def page_count(user: User) -> int:
    """How many pages `list_for` has for the user (at least one, possibly empty)."""
    total = db.session.scalar(
        select(func.count()).select_from(Notification).where(Notification.user_id == user.id)
    )
    return max(1, -(-total // PAGE_SIZE))


def list_for(user: User, page: int) -> list[Notification]:
    """One page (1-based) of the user's notifications, newest first."""
    if page < 1:
        raise InvalidInput(f"页码无效：{page}", code="invalid_page", page=page)
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    )


def mark_read(user: User, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read (reading is not audited: no state change)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound("没有这条通知", code="notification_not_found")
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.commit()
    return notification


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the user read; returns how many."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount
