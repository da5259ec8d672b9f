"""会签 chips: where each countersigning department stands on a section's current text.

A department's chip is approved while its approval of the head's text stands, sent back while
its newest decision asked for changes and the section is still sent back, and pending
otherwise (a new text after a request for changes asks it again).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import (
    Decision,
    Department,
    Review,
    Section,
    SectionCountersign,
    SectionStatus,
)


class ChipState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    SENT_BACK = "sent_back"


@dataclass(frozen=True)
class Chip:
    department_code: str
    department_name: str
    state: ChipState


def chips_for_report(report_id: int) -> dict[int, list[Chip]]:
    """Per section id of the report, one chip per countersigning department (by code)."""
    rows = db.session.execute(
        select(Section, Department)
        .join(SectionCountersign, SectionCountersign.section_id == Section.id)
        .join(Department, Department.id == SectionCountersign.department_id)
        .where(Section.report_id == report_id)
        .order_by(Section.position, Department.code)
    ).all()
    if not rows:
        return {}
    decisions = _decisions({section.id for section, _ in rows})
    chips: dict[int, list[Chip]] = defaultdict(list)
    for section, department in rows:
        state = _state(section, decisions.get((section.id, department.id), []))
        chips[section.id].append(Chip(department.code, department.name, state))
    return dict(chips)


def chips_for_section(section: Section) -> list[Chip]:
    return chips_for_report(section.report_id).get(section.id, [])


def _decisions(section_ids: set[int]) -> dict[tuple[int, int | None], list[Review]]:
    """Approve/request-changes reviews per (section, department), oldest first."""
    reviews = db.session.scalars(
        select(Review)
        .where(
            Review.section_id.in_(section_ids),
            Review.decision.in_([Decision.APPROVE, Decision.REQUEST_CHANGES]),
        )
        .order_by(Review.id)
    )
    grouped: dict[tuple[int, int | None], list[Review]] = defaultdict(list)
    for review in reviews:
        grouped[(review.section_id, review.department_id)].append(review)
    return grouped


def _state(section: Section, reviews: list[Review]) -> ChipState:
    if any(
        review.decision == Decision.APPROVE
        and review.dismissed_at is None
        and review.text_sha256 == section.head_sha256
        for review in reviews
    ):
        return ChipState.APPROVED
    newest = reviews[-1] if reviews else None
    if (
        newest is not None
        and newest.decision == Decision.REQUEST_CHANGES
        and section.status == SectionStatus.CHANGES_REQUESTED
    ):
        return ChipState.SENT_BACK
    return ChipState.PENDING
