"""Suggestion endpoints: list and propose on a section, accept or reject one (pydantic bodies)."""

from __future__ import annotations

from datetime import datetime

from flask_login import current_user
from pydantic import BaseModel, Field

from webapp.api import bp
from webapp.api.openapi import Body, Number, operation, responses
from webapp.services import suggestion_views, suggestions


class SuggestionIn(Body):
    """Replace [start, end) of revision `revision` (start == end inserts; "" deletes)."""

    revision: Number = Field(ge=1)
    start: Number
    end: Number
    replacement: str = Field(default="", max_length=suggestions.MAX_REPLACEMENT_CHARS)
    note: str = Field(default="", max_length=suggestions.MAX_NOTE_CHARS)


class Anchor(BaseModel):
    start: int
    end: int


class SuggestionOut(BaseModel):
    id: int
    section_id: int
    revision: int
    start: int
    end: int
    original: str
    replacement: str
    note: str
    author: str
    source: str
    word_author: str | None
    state: str = Field(description="open | accepted | rejected | outdated (range rewritten)")
    anchor: Anchor | None = Field(description="the range in the head text, while open")
    decided_by: str | None
    decided_at: datetime | None
    resulting_revision: int | None
    created_at: datetime


class AcceptOut(BaseModel):
    suggestion: SuggestionOut
    revision: int
    created: bool


class SuggestionList(BaseModel):
    suggestions: list[SuggestionOut]


def _out(view: suggestion_views.SuggestionView) -> SuggestionOut:
    suggestion = view.suggestion
    return SuggestionOut(
        id=suggestion.id,
        section_id=suggestion.section_id,
        revision=suggestion.revision_number,
        start=suggestion.start,
        end=suggestion.end,
        original=suggestion.original,
        replacement=suggestion.replacement,
        note=suggestion.note,
        author=suggestion.author.display_name,
        source=suggestion.source,
        word_author=suggestion.word_author,
        state=view.state,
        anchor=Anchor(start=view.anchor[0], end=view.anchor[1]) if view.anchor else None,
        decided_by=suggestion.decided_by.display_name if suggestion.decided_by else None,
        decided_at=suggestion.decided_at,
        resulting_revision=suggestion.resulting_revision,
        created_at=suggestion.created_at,
    )


@bp.get("/sections/<int:section_id>/suggestions")
@operation(resp=responses(403, 404, HTTP_200=SuggestionList), tags=["suggestions"])
def list_suggestions(section_id: int):
    """The section's suggestions, open ones anchored in the head text."""
    views = suggestion_views.for_section(section_id, current_user)
    return SuggestionList(suggestions=[_out(view) for view in views])


@bp.post("/sections/<int:section_id>/suggestions")
@operation(
    json=SuggestionIn, resp=responses(403, 404, 409, HTTP_201=SuggestionOut), tags=["suggestions"]
)
def propose(section_id: int, json: SuggestionIn):
    """Propose a replacement of a range of one revision (reviewers, 会签, leaders)."""
    proposal = suggestions.Proposal(
        json.revision, json.start, json.end, json.replacement, json.note
    )
    suggestion = suggestions.propose(section_id, current_user, proposal)
    return _out(suggestion_views.view_of(suggestion)), 201


@bp.post("/suggestions/<int:suggestion_id>/accept")
@operation(
    resp=responses(403, 404, 409, HTTP_201=AcceptOut, HTTP_200=AcceptOut), tags=["suggestions"]
)
def accept(suggestion_id: int):
    """The drafter accepts: merged onto the head as a new revision; 409 when it conflicts."""
    result = suggestions.accept(suggestion_id, current_user)
    out = AcceptOut(
        suggestion=_out(suggestion_views.view_of(result.suggestion)),
        revision=result.revision,
        created=result.created,
    )
    return out, 201 if result.created else 200


@bp.post("/suggestions/<int:suggestion_id>/reject")
@operation(resp=responses(403, 404, 409, HTTP_200=SuggestionOut), tags=["suggestions"])
def reject(suggestion_id: int):
    """The drafter rejects: nothing changes in the text."""
    return _out(suggestion_views.view_of(suggestions.reject(suggestion_id, current_user)))
