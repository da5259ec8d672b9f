"""What is shown of suggestions: each one's range followed onto the head (or outdated), the
editor's inline track-changes panel, and the counts on the report page."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.models import Section, Suggestion, SuggestionState, User
from webapp.services import drafting, policy
from webapp.services.errors import NotFound
from webapp.services.reports import load_section
from webapp.services.suggestions import is_locked
from webapp.text.anchors import map_offset, reanchor
from webapp.text.diff import diff
from webapp.text.suggestion_markup import InlineMark, inline_html


@dataclass(frozen=True)
class SuggestionView:
    """A suggestion with its range moved onto the head text (None: the range was rewritten)."""

    suggestion: Suggestion
    anchor: tuple[int, int] | None

    @property
    def state(self) -> str:
        if self.suggestion.state == SuggestionState.OPEN and self.anchor is None:
            return SuggestionState.OUTDATED
        return self.suggestion.state

    @property
    def is_open(self) -> bool:
        return self.state == SuggestionState.OPEN


def view_of(suggestion: Suggestion) -> SuggestionView:
    """One suggestion as shown right after an action, anchored on the head while open."""
    if suggestion.state != SuggestionState.OPEN:
        return SuggestionView(suggestion, None)
    section = load_section(suggestion.section_id)
    pinned = drafting.revision_body(section, suggestion.revision_number)
    return SuggestionView(suggestion, follow(pinned, drafting.head_body(section), suggestion))


def for_section(section_id: int, actor: User) -> list[SuggestionView]:
    """Every suggestion of the section, oldest first, open ones anchored on the head."""
    section = drafting.readable_section(section_id, actor)
    return views(section, drafting.head_body(section))


def views(section: Section, head_body: str) -> list[SuggestionView]:
    suggestions = db.session.scalars(
        select(Suggestion)
        .options(joinedload(Suggestion.author))
        .where(Suggestion.section_id == section.id)
        .order_by(Suggestion.id)
    ).all()
    pinned_bodies: dict[int, str] = {}
    result = []
    for suggestion in suggestions:
        anchor = None
        if suggestion.state == SuggestionState.OPEN:
            number = suggestion.revision_number
            if number not in pinned_bodies:
                pinned_bodies[number] = drafting.revision_body(section, number)
            anchor = follow(pinned_bodies[number], head_body, suggestion)
        result.append(SuggestionView(suggestion, anchor))
    return result


def follow(pinned: str, head: str, suggestion: Suggestion) -> tuple[int, int] | None:
    """Where the suggested range lies in the head; None when its text was rewritten."""
    if pinned == head:
        return suggestion.start, suggestion.end
    if suggestion.start == suggestion.end:
        ops = diff(pinned, head)
        point = map_offset(ops, suggestion.start)
        return point, point
    return reanchor(pinned, head, suggestion.start, suggestion.end)


@dataclass(frozen=True)
class Panel:
    """What the editor shows of a section's suggestions: the waiting ones drawn in the head
    text, and whether the reader may accept or reject them."""

    waiting: list[SuggestionView]
    inline: Markup
    can_decide: bool


def panel(section: Section, actor: User, head_body: str) -> Panel:
    waiting = [view for view in views(section, head_body) if view.suggestion.state == "open"]
    marks = [
        InlineMark(
            view.suggestion.id,
            *view.anchor,
            view.suggestion.replacement,
            view.suggestion.word_author or view.suggestion.author.display_name,
        )
        for view in waiting
        if view.anchor is not None
    ]
    can_decide = policy.can_decide_suggestion(actor, section) and not is_locked(section)
    return Panel(waiting, inline_html(head_body, marks), can_decide)


def open_counts(report_id: int) -> dict[int, int]:
    """Per section id of the report, how many suggestions wait for a decision."""
    rows = db.session.execute(
        select(Suggestion.section_id, func.count())
        .join(Section, Section.id == Suggestion.section_id)
        .where(Section.report_id == report_id, Suggestion.state == SuggestionState.OPEN)
        .group_by(Suggestion.section_id)
    )
    return dict(rows.all())


def section_id_of(suggestion_id: int) -> int:
    section_id = db.session.scalar(
        select(Suggestion.section_id).where(Suggestion.id == suggestion_id)
    )
    if section_id is None:
        raise NotFound(f"没有这条修改建议：{suggestion_id}", code="suggestion_not_found")
    return section_id


def open_count(section_id: int) -> int:
    return db.session.scalar(
        select(func.count()).where(
            Suggestion.section_id == section_id, Suggestion.state == SuggestionState.OPEN
        )
    )
