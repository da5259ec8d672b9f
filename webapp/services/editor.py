"""What the section editor shows: the text to edit, its base, findings, who else is editing."""

from __future__ import annotations

from dataclasses import dataclass

from webapp.models import DraftBuffer, Review, Section, User
from webapp.services import countersign, drafting, lock, policy, workflow
from webapp.text import proofing
from webapp.text.proofing import ProofFinding

RECENT_REVISIONS = 5


@dataclass(frozen=True)
class EditorState:
    section: Section
    head_body: str
    text: str
    base_revision: int
    draft: DraftBuffer | None
    can_edit: bool
    can_submit: bool
    findings: list[ProofFinding]
    editors: list[User]
    recent: list[drafting.HistoryEntry]
    last_approved: int | None
    sent_back: Review | None
    is_locked: bool
    chips: list[countersign.Chip]

    @property
    def has_unsaved_draft(self) -> bool:
        return self.draft is not None and self.draft.body != self.head_body


def editor_state(section_id: int, actor: User) -> EditorState:
    """The actor's own autosaved text wins over the head, so reopening the editor loses nothing."""
    section = drafting.readable_section(section_id, actor)
    head_body = drafting.head_body(section)
    draft = drafting.get_draft(section_id, actor)
    # A draft that equals the head is no draft: an autosave that raced the save of the same
    # text; its old base would turn the next edit into a conflict with the drafter's own save.
    use_draft = draft is not None and not draft.has_conflict and draft.body != head_body
    text = draft.body if use_draft else head_body
    return EditorState(
        section=section,
        head_body=head_body,
        text=text,
        base_revision=draft.base_revision if use_draft else section.head_revision,
        draft=draft,
        can_edit=policy.can_edit(actor, section),
        can_submit=policy.can_submit(actor, section),
        findings=proofing.check(text),
        editors=drafting.other_editors(section_id, actor),
        recent=drafting.history(section_id, actor)[:RECENT_REVISIONS],
        last_approved=workflow.last_approved_revision(section),
        sent_back=workflow.latest_request_for_changes(section),
        is_locked=lock.is_locked(section.report),
        chips=countersign.chips_for_section(section),
    )


@dataclass(frozen=True)
class ConflictState:
    section: Section
    head_body: str
    theirs: str
    base_revision: int


def conflict_state(section_id: int, actor: User) -> ConflictState | None:
    """The actor's rejected text against the current head; None when nothing conflicts."""
    section = drafting.editable_section(section_id, actor)
    draft = drafting.get_draft(section_id, actor)
    if draft is None or not draft.has_conflict:
        return None
    return ConflictState(section, drafting.head_body(section), draft.body, section.head_revision)


def proof(text: str) -> list[ProofFinding]:
    return proofing.check(text)
