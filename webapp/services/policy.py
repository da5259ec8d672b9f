"""Who may do what (DESIGN: "Who may do what"): the one place authorization is decided."""

from __future__ import annotations

from sqlalchemy import Select, exists, false, or_, select, union

from webapp.extensions import db
from webapp.models import Report, Revision, Role, Section, SectionCountersign, User
from webapp.models.report import countersigning_department_ids, section_countersign_ids


def _in_department(user: User, section: Section) -> bool:
    return user.department_id is not None and user.department_id == section.department_id


def is_admin(user: User) -> bool:
    return user.role == Role.ADMIN


def can_manage_users(user: User) -> bool:
    return is_admin(user)


def can_read_report(user: User, report: Report) -> bool:
    """Leaders and admins read every report; others one that their department writes or
    countersigns (会签) a section of."""
    if user.role in (Role.ADMIN, Role.LEADER):
        return True
    if any(_in_department(user, section) for section in report.sections):
        return True
    return user.department_id in countersigning_department_ids(report.id)


def readable_report_ids(user: User) -> Select | None:
    """`can_read_report` as a query of report ids, for searching many reports at once;
    None: every report."""
    if user.role in (Role.ADMIN, Role.LEADER):
        return None
    if user.department_id is None:
        return select(Report.id).where(false())
    return union(
        select(Section.report_id).where(Section.department_id == user.department_id),
        select(Section.report_id)
        .join(SectionCountersign, SectionCountersign.section_id == Section.id)
        .where(SectionCountersign.department_id == user.department_id),
    )


def can_read_section(user: User, section: Section) -> bool:
    # The common case, the section's own department, needs no look at the other sections.
    return _in_department(user, section) or can_read_report(user, section.report)


def can_edit(user: User, section: Section) -> bool:
    """Save a revision or a draft buffer: drafters and reviewers (核稿) of the department."""
    return can_edit_in(user, section.department_id)


def can_edit_in(user: User, department_id: int | None) -> bool:
    if is_admin(user):
        return True
    in_department = user.department_id is not None and user.department_id == department_id
    return user.role in (Role.DRAFTER, Role.REVIEWER) and in_department


def can_submit(user: User, section: Section) -> bool:
    return user.role == Role.DRAFTER and _in_department(user, section)


def can_review(user: User, section: Section) -> bool:
    """Approve or request changes (four-eyes is checked against the revision separately)."""
    if user.role in (Role.ADMIN, Role.LEADER):
        return True
    return user.role == Role.REVIEWER and _in_department(user, section)


def wrote_text_under_review(user: User, section: Section, last_approved: int | None) -> bool:
    """Four-eyes: nobody approves a text they wrote. True when the user authored any revision
    after `last_approved` (the newest revision with a standing approval), or any revision
    with the head's text — a restore by someone else does not launder authorship. Revision 1
    is the imported copy of an existing document: importing it is not writing it."""
    authored = or_(Revision.number > (last_approved or 0), Revision.sha256 == section.head_sha256)
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Revision.section_id == section.id,
                    Revision.author_id == user.id,
                    Revision.number > 1,
                    authored,
                )
            )
        )
    )


def can_resolve_comment(user: User, comment_author_id: int, section: Section) -> bool:
    """Resolve or reopen a comment thread: its author, the section's drafters and reviewers,
    and the drafters and reviewers of departments that countersign the section."""
    if user.id == comment_author_id:
        return True
    if user.role not in (Role.DRAFTER, Role.REVIEWER) or user.department_id is None:
        return False
    if _in_department(user, section):
        return True
    return db.session.scalar(
        select(
            exists().where(
                SectionCountersign.section_id == section.id,
                SectionCountersign.department_id == user.department_id,
            )
        )
    )


def deciding_department(user: User, section: Section) -> int | None:
    """Which department's approval the user gives: their own if it countersigns (会签), else
    the section's (leaders and admins decide for the section's department); None: neither."""
    if user.role == Role.REVIEWER and user.department_id != section.department_id:
        if user.department_id in section_countersign_ids(section.id):
            return user.department_id
        return None
    return section.department_id


def can_decide(user: User, section: Section) -> bool:
    """Approve or request changes as the section's reviewer or as a countersigner."""
    return can_review(user, section) or (
        user.role == Role.REVIEWER and deciding_department(user, section) is not None
    )


def can_suggest(user: User, section: Section) -> bool:
    """Propose an edit: leaders, and reviewers of the section's or a countersigning (会签)
    department. Drafters edit their own section instead of suggesting on it."""
    if user.role == Role.LEADER:
        return True
    if user.role != Role.REVIEWER or user.department_id is None:
        return False
    if _in_department(user, section):
        return True
    return user.department_id in section_countersign_ids(section.id)


def can_decide_suggestion(user: User, section: Section) -> bool:
    """Accept or reject a suggestion: the drafters of the section's department."""
    return user.role == Role.DRAFTER and _in_department(user, section)


def can_assign(user: User) -> bool:
    return user.role in (Role.ADMIN, Role.LEADER)


def can_sign_off(user: User) -> bool:
    return user.role == Role.LEADER


def can_request_assembly(user: User) -> bool:
    return user.role == Role.LEADER


def can_download(user: User, report: Report) -> bool:
    return can_read_report(user, report)


def can_import(user: User) -> bool:
    return user.role in (Role.ADMIN, Role.LEADER)


def can_create_report(user: User) -> bool:
    return user.role in (Role.ADMIN, Role.LEADER)


def can_edit_structure(user: User) -> bool:
    """Add, move and archive sections (until sign-off): admins and leaders."""
    return user.role in (Role.ADMIN, Role.LEADER)


def can_rename(user: User, section: Section) -> bool:
    """A heading edit is a revision: admins, leaders and the drafters of the section."""
    return can_edit_structure(user) or can_submit(user, section)


def is_task(section: Section) -> bool:
    """Whether a section needs a draft, a submission and an approval (DESIGN "Structure"):
    heading-only nodes and archived sections do not, and sign-off does not wait for them."""
    return section.is_task


def can_create_next_year(user: User) -> bool:
    """Start next year's report from this one (DESIGN: structure edits are admins' and leaders')."""
    return user.role in (Role.ADMIN, Role.LEADER)


def can_edit_report_details(user: User) -> bool:
    """Title, issuing body, date of issue, document number, addressee, deadline."""
    return user.role in (Role.ADMIN, Role.LEADER)


def can_claim(user: User, section: Section) -> bool:
    """Claim a section for review ("正在审核"): its reviewers, of its own or a 会签 department.
    Leaders and admins decide without claiming."""
    if user.role != Role.REVIEWER or user.department_id is None:
        return False
    if _in_department(user, section):
        return True
    countersigning = select(SectionCountersign.department_id).where(
        SectionCountersign.section_id == section.id
    )
    return user.department_id in set(db.session.scalars(countersigning))


def can_chase(user: User) -> bool:
    """See who is late across departments and 催办 them: leaders and admins."""
    return user.role in (Role.ADMIN, Role.LEADER)
