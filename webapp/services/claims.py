"""Claims: a reviewer marks a submitted section as theirs to review ("正在审核：张三"), so
two reviewers do not read the same text. A claim holds while the section waits for a decision
and for CLAIM_TIMEOUT_MIN; a decision or the holder releases it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from webapp.extensions import db
from webapp.models import Review, Section, SectionStatus, User
from webapp.models.review import Decision
from webapp.models.types import utcnow
from webapp.services import audit, policy
from webapp.services.errors import Conflict, Forbidden, InvalidInput
from webapp.services.reports import load_section


@dataclass(frozen=True)
class Claim:
    section_id: int
    user_id: int
    reviewer: str
    claimed_at: datetime
    expires_at: datetime


def _timeout() -> timedelta:
    return timedelta(minutes=current_app.config["CLAIM_TIMEOUT_MIN"])


def claim(section_id: int, actor: User) -> Claim:
    """Claim the section for the actor (renewing their own claim); another's live claim wins."""
    section = load_section(section_id)
    if not policy.can_claim(actor, section):
        raise Forbidden("只有本部门（或会签部门）的审核人可以认领审核", code="claim_forbidden")
    if section.status != SectionStatus.SUBMITTED:
        raise InvalidInput("只能认领已提交待审核的章节", code="claim_not_submitted")
    now = utcnow()
    # Compare-and-set: of two reviewers claiming at once, only one UPDATE finds the row free.
    taken = db.session.execute(
        update(Section)
        .where(
            Section.id == section.id,
            or_(
                Section.claimed_by_id.is_(None),
                Section.claimed_by_id == actor.id,
                Section.claimed_at < now - _timeout(),
            ),
        )
        .values(claimed_by_id=actor.id, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        db.session.rollback()
        holder = current_claim(load_section(section_id))
        reviewer = holder.reviewer if holder else ""
        raise Conflict(f"{reviewer} 正在审核这个章节", code="already_claimed", reviewer=reviewer)
    audit.record(actor, "section.claim", "section", section.id)
    db.session.commit()
    db.session.refresh(section)
    return _claim_of(section, actor.display_name)


def release(section_id: int, actor: User) -> None:
    """The holder gives the claim back (nothing to do when it has already lapsed)."""
    section = load_section(section_id)
    holder = current_claim(section)
    if holder is None:
        return
    if holder.user_id != actor.id and not policy.is_admin(actor):
        raise Forbidden(
            f"{holder.reviewer} 正在审核这个章节，只有本人可以放弃",
            code="claimed_by_other",
            reviewer=holder.reviewer,
        )
    _clear(section)
    audit.record(actor, "section.release", "section", section.id)
    db.session.commit()


def release_after_decision(section: Section, review: Review) -> None:
    """An approval or a request for changes ends the claim (in the decision's transaction)."""
    if review.decision != Decision.COMMENT:
        _clear(section)


def current_claim(section: Section) -> Claim | None:
    return current_claims([section.id]).get(section.id)


def current_claims(section_ids: Iterable[int]) -> dict[int, Claim]:
    """The live claims among the sections (one query): section id → claim."""
    ids = list(section_ids)
    return _live_claims(Section.id.in_(ids)) if ids else {}


def claims_in_report(report_id: int) -> dict[int, Claim]:
    """The live claims on the report's sections (one query): section id → claim."""
    return _live_claims(Section.report_id == report_id)


def _live_claims(which) -> dict[int, Claim]:
    rows = db.session.execute(
        select(Section.id, Section.claimed_by_id, User.display_name, Section.claimed_at)
        .join(User, User.id == Section.claimed_by_id)
        .where(
            which,
            Section.status == SectionStatus.SUBMITTED,
            Section.claimed_at >= utcnow() - _timeout(),
        )
    )
    timeout = _timeout()
    return {
        section_id: Claim(section_id, user_id, name, claimed_at, claimed_at + timeout)
        for section_id, user_id, name, claimed_at in rows
    }


def _claim_of(section: Section, reviewer: str) -> Claim:
    return Claim(
        section.id,
        section.claimed_by_id,
        reviewer,
        section.claimed_at,
        section.claimed_at + _timeout(),
    )


def _clear(section: Section) -> None:
    section.claimed_by_id = None
    section.claimed_at = None
