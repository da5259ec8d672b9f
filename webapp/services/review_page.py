"""What the review page shows: the head, what changed since the last decision, the threads."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.models import (
    Decision,
    Department,
    Review,
    Revision,
    Section,
    SectionCountersign,
    User,
)
from webapp.services import (
    accounts,
    comments,
    countersign,
    drafting,
    lock,
    policy,
    reports,
    workflow,
)
from webapp.text.diff import Op, diff
from webapp.text.newlines import normalise_newlines


@dataclass(frozen=True)
class ReviewState:
    section: Section
    head_body: str
    since: int
    ops: list[Op]
    threads: list[comments.Thread]
    decisions: list[tuple[Review, int]]
    can_decide: bool
    head_author_is_actor: bool
    is_locked: bool
    chips: list[countersign.Chip]
    # The heading at revision `since` when a later revision changed it (a heading is text).
    old_heading: str | None = None


def last_decided_revision(section: Section, department_id: int | None) -> int | None:
    """The revision the department's latest approve/request-changes decision was made on."""
    return db.session.scalar(
        select(Revision.number)
        .join(Review, Review.revision_id == Revision.id)
        .where(
            Review.section_id == section.id,
            Review.department_id == department_id,
            Review.decision.in_([Decision.APPROVE, Decision.REQUEST_CHANGES]),
        )
        .order_by(Review.id.desc())
        .limit(1)
    )


def default_since(section: Section, actor: User) -> int:
    """Reviewers read what changed since their department's last decision. On a first review,
    the section's own reviewers read since the imported or first text (revision 1); a 会签
    department, which has never read the section, reads the whole text."""
    department = policy.deciding_department(actor, section)
    decided = last_decided_revision(section, department)
    if decided is not None:
        return decided
    if department is not None and department != section.department_id:
        return 0
    return 1 if section.head_revision > 1 else 0


def review_state(section_id: int, actor: User, since: int | None = None) -> ReviewState:
    section = drafting.readable_section(section_id, actor)
    head_body = drafting.head_body(section)
    since = default_since(section, actor) if since is None else since
    # Old revisions may hold CRLF (never rewritten): line endings are no change to show.
    since_body = normalise_newlines(drafting.revision_body(section, since))
    head_author = db.session.scalar(
        select(Revision.author_id).where(
            Revision.section_id == section.id, Revision.number == section.head_revision
        )
    )
    return ReviewState(
        section=section,
        head_body=head_body,
        since=since,
        ops=diff(since_body, normalise_newlines(head_body)),
        threads=comments.threads(section, head_body),
        decisions=_decisions(section),
        can_decide=policy.can_decide(actor, section),
        head_author_is_actor=head_author == actor.id,
        is_locked=lock.is_locked(section.report),
        chips=countersign.chips_for_section(section),
        old_heading=_changed_heading(section, since),
    )


def _changed_heading(section: Section, since: int) -> str | None:
    """The heading revision `since` carried, if it differs from the head's (None: same, or
    a revision from before headings were versioned)."""
    if since == 0 or since == section.head_revision:
        return None
    heading = db.session.scalar(
        select(Revision.heading).where(Revision.section_id == section.id, Revision.number == since)
    )
    return heading if heading is not None and heading != section.heading else None


def _decisions(section: Section) -> list[tuple[Review, int]]:
    rows = db.session.execute(
        select(Review, Revision.number)
        .options(joinedload(Review.reviewer))
        .join(Revision, Revision.id == Review.revision_id)
        .where(Review.section_id == section.id)
        .order_by(Review.id.desc())
    )
    return [(review, number) for review, number in rows]


def assignment_state(report_id: int, actor: User) -> dict:
    """What the assignment page lists: every section with its number and 会签 departments
    (for admins and leaders)."""
    report = workflow.assignable_report(report_id, actor)
    rows = reports.section_rows(report.id)
    numbers = reports.section_numbers(rows)
    countersigns: dict[int, set[str]] = {}
    for section_id, code in db.session.execute(
        select(SectionCountersign.section_id, Department.code)
        .join(Department, Department.id == SectionCountersign.department_id)
        .join(Section, Section.id == SectionCountersign.section_id)
        .where(Section.report_id == report.id)
    ):
        countersigns.setdefault(section_id, set()).add(code)
    return {
        "report": report,
        "rows": rows,
        # Numbered paragraphs without a heading are named by their text, not a bare “（1）”.
        "names": {
            row.section.id: reports.section_name(
                row.section, numbers.get(row.section.id, ""), row.body
            )
            for row in rows
        },
        "departments": accounts.list_departments(),
        "countersigns": countersigns,
    }
