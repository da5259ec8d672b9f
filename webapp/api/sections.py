"""Section endpoints: read, revisions (save with merge), draft buffer, history, diff."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask_login import current_user

from webapp.api import bp
from webapp.api.payload import field, int_arg, json_object
from webapp.models import Section
from webapp.services import drafting


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
def get_section(section_id: int):
    section = drafting.readable_section(section_id, current_user)
    return jsonify(section_json(section, drafting.head_body(section)))


@bp.post("/sections/<int:section_id>/revisions")
def save_revision(section_id: int):
    data = json_object()
    result = drafting.save_revision(
        section_id,
        current_user,
        field(data, "base_revision", int),
        field(data, "body", str),
        field(data, "message", str, ""),
    )
    status = 201 if result.created else 200
    return jsonify(revision=result.revision, merged=result.merged, created=result.created), status


@bp.get("/sections/<int:section_id>/revisions")
def list_revisions(section_id: int):
    entries = drafting.history(section_id, current_user)
    return jsonify(
        revisions=[
            {
                "number": entry.number,
                "author": entry.author,
                "created_at": entry.created_at.isoformat(),
                "message": entry.message,
                "merged": entry.merged,
                "chars": entry.chars,
                "base_revision": entry.base_number,
            }
            for entry in entries
        ]
    )


@bp.get("/sections/<int:section_id>/draft")
def get_draft(section_id: int):
    draft = drafting.get_draft(section_id, current_user)
    if draft is None:
        return jsonify(body=None, base_revision=None, has_conflict=False)
    return jsonify(
        body=draft.body,
        base_revision=draft.base_revision,
        has_conflict=draft.has_conflict,
        updated_at=draft.updated_at.isoformat(),
    )


@bp.put("/sections/<int:section_id>/draft")
def put_draft(section_id: int):
    data = json_object()
    saved_at = drafting.save_draft(
        section_id, current_user, field(data, "base_revision", int), field(data, "body", str)
    )
    return jsonify(saved_at=saved_at.isoformat())


@bp.get("/sections/<int:section_id>/diff")
def diff(section_id: int):
    ops = drafting.compare(section_id, current_user, int_arg("from"), int_arg("to"))
    return jsonify(ops=[[op, text] for op, text in ops])
