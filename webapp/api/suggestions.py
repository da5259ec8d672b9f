"""Suggestion endpoints: list and propose on a section, accept or reject one (pydantic bodies)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import jsonify
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from webapp.api import bp
from webapp.api.payload import json_object
from webapp.services import suggestion_views, suggestions
from webapp.services.errors import InvalidInput


class SuggestionIn(BaseModel):
    """Replace [start, end) of revision `revision` (start == end inserts; "" deletes)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    revision: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
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


def _parsed(model: type[BaseModel]) -> Any:
    try:
        return model.model_validate(json_object())
    except ValidationError as error:
        first = error.errors()[0]
        name = ".".join(str(part) for part in first["loc"])
        raise InvalidInput(f"字段 {name} 无效：{first['msg']}", field=name) from None


def _out(view: suggestion_views.SuggestionView) -> dict[str, Any]:
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
    ).model_dump(mode="json")


@bp.get("/sections/<int:section_id>/suggestions")
def list_suggestions(section_id: int):
    views = suggestion_views.for_section(section_id, current_user)
    return jsonify(suggestions=[_out(view) for view in views])


@bp.post("/sections/<int:section_id>/suggestions")
def propose(section_id: int):
    body: SuggestionIn = _parsed(SuggestionIn)
    proposal = suggestions.Proposal(
        body.revision, body.start, body.end, body.replacement, body.note
    )
    suggestion = suggestions.propose(section_id, current_user, proposal)
    return jsonify(_out(suggestion_views.view_of(suggestion))), 201


@bp.post("/suggestions/<int:suggestion_id>/accept")
def accept(suggestion_id: int):
    result = suggestions.accept(suggestion_id, current_user)
    out = AcceptOut(
        suggestion=_out(suggestion_views.view_of(result.suggestion)),
        revision=result.revision,
        created=result.created,
    )
    return jsonify(out.model_dump(mode="json")), 201 if result.created else 200


@bp.post("/suggestions/<int:suggestion_id>/reject")
def reject(suggestion_id: int):
    suggestion = suggestions.reject(suggestion_id, current_user)
    return jsonify(_out(suggestion_views.view_of(suggestion)))


def openapi_paths() -> dict[str, Any]:
    """This module's part of /api/v1/openapi.json, from the same models that validate."""
    error = {
        "description": "error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }

    def answer(model: type[BaseModel], description: str) -> dict[str, Any]:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        return {"description": description, "content": {"application/json": {"schema": schema}}}

    def path_id(name: str) -> list[dict[str, Any]]:
        return [{"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}]

    decided = {
        "parameters": path_id("id"),
        "responses": {**{str(code): error for code in (401, 403, 404, 409)}},
    }
    return {
        "/sections/{id}/suggestions": {
            "get": {
                "parameters": path_id("id"),
                "responses": {
                    "200": {"description": "{suggestions: [Suggestion]}"},
                    **{str(c): error for c in (401, 403, 404)},
                },
            },
            "post": {
                "parameters": path_id("id"),
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": SuggestionIn.model_json_schema()}},
                },
                "responses": {
                    "201": answer(SuggestionOut, "the new suggestion"),
                    **{str(c): error for c in (400, 401, 403, 404, 409, 422)},
                },
            },
        },
        "/suggestions/{id}/accept": {
            "post": {
                **decided,
                "responses": {
                    "201": answer(AcceptOut, "accepted: a new revision"),
                    "200": answer(AcceptOut, "accepted: the head already read so"),
                    **decided["responses"],
                },
            }
        },
        "/suggestions/{id}/reject": {
            "post": {
                **decided,
                "responses": {"200": answer(SuggestionOut, "rejected"), **decided["responses"]},
            }
        },
    }
