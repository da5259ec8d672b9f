"""Suggestions: reviewers propose a replacement of a range of one pinned revision; the
section's drafters accept it (carried onto the head by the same three-way merge as a save)
or reject it. Open suggestions follow later revisions like comments, or show as outdated."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from webapp.extensions import db
from webapp.models import (
    DraftBuffer,
    Section,
    Suggestion,
    SuggestionSource,
    SuggestionState,
    User,
)
from webapp.models.types import utcnow
from webapp.services import audit, drafting, lock, policy
from webapp.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from webapp.services.reports import load_section
from webapp.text import merge
from webapp.text.anchors import map_offset
from webapp.text.diff import diff

MAX_REPLACEMENT_CHARS = 5000
MAX_NOTE_CHARS = 2000


@dataclass(frozen=True)
class Proposal:
    """What a suggester proposes: replace [start, end) of revision `revision` (pinned)."""

    revision: int
    start: int
    end: int
    replacement: str
    note: str = ""


def propose(section_id: int, actor: User, proposal: Proposal) -> Suggestion:
    """A reviewer's, countersigner's or leader's suggestion on the review page."""
    section = load_section(section_id)
    if not policy.can_suggest(actor, section):
        raise Forbidden(
            "只有本部门或会签部门的审核人、签发人可以提出修改建议", code="suggest_forbidden"
        )
    return _create(section, actor, proposal, SuggestionSource.REVIEW, None)


def propose_tracked_change(
    section: Section, uploader: User, proposal: Proposal, word_author: str
) -> Suggestion:
    """A tracked change (w:ins/w:del) found in an uploaded DOCX: a suggestion attributed to the
    uploader, showing the Word author. The caller authorized the upload and commits."""
    return _create(section, uploader, proposal, SuggestionSource.DOCX, word_author, commit=False)


def _create(
    section: Section,
    actor: User,
    proposal: Proposal,
    source: SuggestionSource,
    word_author: str | None,
    commit: bool = True,
) -> Suggestion:
    ensure_unlocked(section)
    if not 1 <= proposal.revision <= section.head_revision:
        raise InvalidInput(
            f"这个章节没有第 {proposal.revision} 版",
            code="revision_not_found",
            field="revision",
            revision=proposal.revision,
        )
    pinned = drafting.revision_body(section, proposal.revision)
    original = _checked_range(pinned, proposal)
    suggestion = Suggestion(
        section_id=section.id,
        revision_number=proposal.revision,
        start=proposal.start,
        end=proposal.end,
        original=original,
        replacement=proposal.replacement,
        note=proposal.note.strip(),
        author_id=actor.id,
        source=source,
        word_author=word_author,
        state=SuggestionState.OPEN,
    )
    db.session.add(suggestion)
    db.session.flush()
    audit.record(
        actor, "suggestion.propose", "section", section.id, suggestion=suggestion.id, source=source
    )
    if commit:
        db.session.commit()
    return suggestion


def _checked_range(pinned: str, proposal: Proposal) -> str:
    if not 0 <= proposal.start <= proposal.end <= len(pinned):
        raise InvalidInput("所选文字的位置无效", code="suggestion_range_invalid")
    if len(proposal.replacement) > MAX_REPLACEMENT_CHARS or len(proposal.note) > MAX_NOTE_CHARS:
        raise InvalidInput(
            f"建议文字不能超过 {MAX_REPLACEMENT_CHARS} 字，说明不能超过 {MAX_NOTE_CHARS} 字",
            code="suggestion_too_long",
        )
    original = pinned[proposal.start : proposal.end]
    if original == proposal.replacement:
        raise InvalidInput("建议与原文相同，没有修改", code="suggestion_unchanged")
    return original


def is_locked(section: Section) -> bool:
    """What a page shows: the section's report is signed off or final."""
    return lock.is_locked(section.report)


def ensure_unlocked(section: Section) -> None:
    lock.ensure_unlocked(section.report)


@dataclass(frozen=True)
class AcceptResult:
    suggestion: Suggestion
    revision: int
    created: bool


def accept(suggestion_id: int, actor: User) -> AcceptResult:
    """Carry the suggestion onto the head: clean → a new revision crediting the suggester;
    the suggested range changed since the pin → Conflict showing both sides, nothing changed."""
    suggestion, section = _open_for_decision(suggestion_id, actor)
    pinned = drafting.revision_body(section, suggestion.revision_number)
    suggested = _applied(pinned, suggestion)
    head_number, head = section.head_revision, drafting.head_body(section)
    result = merge.three_way(pinned, suggested, head)
    if result.has_conflict:
        raise _conflict(suggestion, pinned, head, head_number)
    _decide(suggestion, actor, SuggestionState.ACCEPTED)
    audit.record(
        actor,
        "suggestion.accept",
        "section",
        section.id,
        suggestion=suggestion.id,
        suggester=suggestion.author_id,
    )
    kept_draft = _editor_draft(section.id, actor)
    saved = drafting.save_revision(section.id, actor, head_number, result.text, _credit(suggestion))
    suggestion.resulting_revision = saved.revision if saved.created else None
    _restore_editor_draft(kept_draft)
    db.session.commit()
    return AcceptResult(suggestion, saved.revision, saved.created)


def reject(suggestion_id: int, actor: User) -> Suggestion:
    """Rejecting changes no text; the suggestion stays in the record as rejected."""
    suggestion, section = _open_for_decision(suggestion_id, actor)
    _decide(suggestion, actor, SuggestionState.REJECTED)
    audit.record(actor, "suggestion.reject", "section", section.id, suggestion=suggestion.id)
    db.session.commit()
    return suggestion


def _open_for_decision(suggestion_id: int, actor: User) -> tuple[Suggestion, Section]:
    suggestion = db.session.get(Suggestion, suggestion_id)
    if suggestion is None:
        raise NotFound(f"没有这条修改建议：{suggestion_id}", code="suggestion_not_found")
    section = load_section(suggestion.section_id)
    if not policy.can_decide_suggestion(actor, section):
        raise Forbidden("只有本部门的拟稿人可以采纳或拒绝修改建议", code="decide_forbidden")
    ensure_unlocked(section)
    if suggestion.state != SuggestionState.OPEN:
        raise Conflict(
            "这条修改建议已经处理过了", code="suggestion_decided", state=suggestion.state
        )
    return suggestion, section


def _decide(suggestion: Suggestion, actor: User, state: SuggestionState) -> None:
    """Compare-and-set from open: of two drafters deciding at once, only one wins (the other
    waits on the row, then finds it decided), so a suggestion is never applied twice."""
    claimed = db.session.execute(
        update(Suggestion)
        .where(Suggestion.id == suggestion.id, Suggestion.state == SuggestionState.OPEN)
        .values(state=state, decided_by_id=actor.id, decided_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise Conflict("这条修改建议已经处理过了", code="suggestion_decided")
    db.session.refresh(suggestion)


def _applied(text: str, suggestion: Suggestion) -> str:
    return text[: suggestion.start] + suggestion.replacement + text[suggestion.end :]


def _credit(suggestion: Suggestion) -> str:
    name = suggestion.word_author or suggestion.author.display_name
    return f"采纳 {name} 的修改建议"


def _conflict(suggestion: Suggestion, pinned: str, head: str, head_number: int) -> Conflict:
    """Both sides: what the suggestion replaces (as pinned) and what that place reads now."""
    ops = diff(pinned, head)
    now = head[map_offset(ops, suggestion.start) : map_offset(ops, suggestion.end)]
    return Conflict(
        f"修改建议冲突：建议修改的文字在第 {head_number} 版中已被改动，请对照后手工修改",
        code="suggestion_conflict",
        head=head_number,
        original=suggestion.original,
        replacement=suggestion.replacement,
        current=now,
    )


def _editor_draft(section_id: int, actor: User) -> tuple[int, int, str, int, bool] | None:
    """The accepting drafter's autosaved editor text: the save path retires it, but text typed
    and not yet saved must survive an accept (it merges onto the new head when saved)."""
    draft = db.session.scalar(
        select(DraftBuffer).where(
            DraftBuffer.section_id == section_id, DraftBuffer.user_id == actor.id
        )
    )
    if draft is None:
        return None
    return (section_id, actor.id, draft.body, draft.base_revision, draft.has_conflict)


def _restore_editor_draft(kept: tuple[int, int, str, int, bool] | None) -> None:
    if kept is not None:
        section_id, user_id, body, base, has_conflict = kept
        drafting.keep_draft(section_id, user_id, base, body, has_conflict)
