"""Section endpoints: read, revisions (save with merge), draft buffer, history, diff."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from flask import Response, request
from flask_login import current_user
from pydantic import BaseModel, Field

from webapp.api import bp, diff_cache
from webapp.api.openapi import Body, Number, Query, documented_only, operation, responses
from webapp.models import Section
from webapp.services import drafting


class SectionOut(BaseModel):
    id: int
    report_id: int
    kind: str
    level: int
    heading: str
    run_in: bool
    body: str
    revision: int
    status: str
    department: str | None
    deadline: date | None


def section_json(section: Section, body: str) -> dict[str, Any]:
    return {
        "id": section.id,
        "report_id": section.report_id,
        "kind": section.kind,
        "level": section.level,
        "heading": section.heading,
        "run_in": section.run_in,
        "body": body,
        "revision": section.head_revision,
        "status": section.status,
        "department": section.department.code if section.department else None,
        "deadline": section.deadline.isoformat() if section.deadline else None,
    }


@bp.get("/sections/<int:section_id>")
@operation(resp=responses(403, 404, HTTP_200=SectionOut), tags=["sections"])
def get_section(section_id: int):
    """The section with its head text."""
    section = drafting.readable_section(section_id, current_user)
    return section_json(section, drafting.head_body(section))


class SaveRevision(Body):
    base_revision: Number = Field(description="the revision the editor started from")
    body: str
    message: str = ""


class Saved(BaseModel):
    revision: int
    merged: bool = Field(description="the head had moved; the edits were merged onto it")
    created: bool = Field(description="false: the text equals the head, nothing written")


@bp.post("/sections/<int:section_id>/revisions")
@operation(
    json=SaveRevision,
    resp=responses(403, 404, 409, 413, HTTP_201=Saved, HTTP_200=Saved),
    tags=["sections"],
)
def save_revision(section_id: int, json: SaveRevision):
    """Save a new revision; 409 {head} when it conflicts (the text waits in the draft)."""
    result = drafting.save_revision(
        section_id, current_user, json.base_revision, json.body, json.message
    )
    status = 201 if result.created else 200
    return Saved(revision=result.revision, merged=result.merged, created=result.created), status


class RevisionEntry(BaseModel):
    number: int
    author: str | None
    created_at: datetime
    message: str
    merged: bool
    chars: int
    base_revision: int | None


class History(BaseModel):
    revisions: list[RevisionEntry]


@bp.get("/sections/<int:section_id>/revisions")
@operation(resp=responses(403, 404, HTTP_200=History), tags=["sections"])
def list_revisions(section_id: int):
    """Every revision, newest first (without the texts)."""
    entries = drafting.history(section_id, current_user)
    return History(
        revisions=[
            RevisionEntry(
                number=entry.number,
                author=entry.author,
                created_at=entry.created_at,
                message=entry.message,
                merged=entry.merged,
                chars=entry.chars,
                base_revision=entry.base_number,
            )
            for entry in entries
        ]
    )


class Draft(BaseModel):
    body: str | None
    base_revision: int | None
    has_conflict: bool
    updated_at: datetime | None = None


@bp.get("/sections/<int:section_id>/draft")
@operation(resp=responses(403, 404, HTTP_200=Draft), tags=["sections"])
def get_draft(section_id: int):
    """The caller's autosaved (or conflicting) text; all null when there is none."""
    draft = drafting.get_draft(section_id, current_user)
    if draft is None:
        return Draft(body=None, base_revision=None, has_conflict=False)
    return Draft(
        body=draft.body,
        base_revision=draft.base_revision,
        has_conflict=draft.has_conflict,
        updated_at=draft.updated_at,
    )


class SaveDraft(Body):
    base_revision: Number
    body: str


class DraftSaved(BaseModel):
    saved_at: datetime


@bp.put("/sections/<int:section_id>/draft")
@operation(
    json=SaveDraft, resp=responses(403, 404, 409, 413, HTTP_200=DraftSaved), tags=["sections"]
)
def put_draft(section_id: int, json: SaveDraft):
    """Autosave the caller's working text (never a revision)."""
    saved_at = drafting.save_draft(section_id, current_user, json.base_revision, json.body)
    return DraftSaved(saved_at=saved_at)


class DiffQuery(Query):
    from_: Number = Field(alias="from", description="revision number (0: the empty text)")
    to: Number


class Diff(BaseModel):
    ops: list[tuple[int, str]] = Field(description="[-1 deleted | 0 kept | 1 inserted, text]")


@bp.get("/sections/<int:section_id>/diff")
@operation(
    query=DiffQuery,
    resp=documented_only(responses(403, 404, HTTP_200=Diff, HTTP_304=None)),
    tags=["sections"],
)
def diff(section_id: int, query: DiffQuery):
    """Character diff between two revisions. Revisions never change: the answer carries an
    ETag and may be cached for good; If-None-Match answers 304."""
    pair = drafting.revision_pair(section_id, current_user, query.from_, query.to)
    etag = hashlib.sha256("".join(pair.shas).encode()).hexdigest()[:32]
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        body = diff_cache.get(pair.shas) or diff_cache.put(pair.shas, _ops_json(pair))
        response = Response(body, mimetype="application/json")
    response.set_etag(etag)
    response.cache_control.private = True
    response.cache_control.immutable = True
    response.cache_control.max_age = IMMUTABLE_MAX_AGE_S
    return response


IMMUTABLE_MAX_AGE_S = 365 * 24 * 3600


def _ops_json(pair: drafting.RevisionPair) -> bytes:
    ops = drafting.pair_ops(pair)
    return json.dumps({"ops": ops}, ensure_ascii=False, separators=(",", ":")).encode()
