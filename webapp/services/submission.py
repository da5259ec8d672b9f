"""提交审核 submits what the drafter sees (DESIGN "Report lifecycle").

From the editor, the text on the screen is saved as a revision first (a conflicting save keeps
it in the draft buffer and nothing is submitted). Without a screen (the API), a submission is
refused while the drafter's autosaved text differs from the head: the reviewer would read an
older text than the drafter believes they submitted.
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.models import Section, User
from webapp.services import drafting, lock, policy, workflow
from webapp.services.errors import Conflict, DomainError, Forbidden
from webapp.services.reports import load_section

SUBMIT_MESSAGE = "提交审核"


@dataclass(frozen=True)
class Submitted:
    section: Section
    saved: drafting.SaveResult | None


def _submittable(section_id: int, actor: User) -> Section:
    """The checks of `workflow.submit` that must come before anything is saved or compared."""
    section = load_section(section_id)
    if not policy.can_submit(actor, section):
        raise Forbidden("只有本部门的拟稿人可以提交审核", code="not_your_department")
    workflow.ensure_task(section)
    lock.ensure_unlocked(section.report)
    return section


def submit_on_screen(
    section_id: int, actor: User, base_revision: int, body: str, message: str = ""
) -> Submitted:
    """Save the editor's text (when it changed), then submit the section."""
    _submittable(section_id, actor)
    saved = drafting.save_revision(
        section_id, actor, base_revision, body, message.strip() or SUBMIT_MESSAGE
    )
    return Submitted(workflow.submit(section_id, actor), saved)


def submit_saved(section_id: int, actor: User) -> Section:
    """Submit the head; refused (409 "unsaved_draft") while the actor has unsaved text."""
    section = _submittable(section_id, actor)
    draft = drafting.get_draft(section_id, actor)
    if draft is not None and draft.body != drafting.head_body(section):
        raise Conflict(
            "您有尚未保存为版本的文字：请先保存（或在编辑器中提交），再提交审核",
            code="unsaved_draft",
            base_revision=draft.base_revision,
        )
    return workflow.submit(section_id, actor)


def keep_on_screen_text(section_id: int, actor: User, base_revision: int, body: str) -> None:
    """Before asking the drafter to confirm a submission, keep the text on the screen in their
    draft buffer (the editor offers it again); a text the buffer cannot take is left to the
    editor's own autosave, never turned into an error page."""
    try:
        drafting.save_draft(section_id, actor, base_revision, body)
    except DomainError:
        return
