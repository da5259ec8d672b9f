"""Workflow endpoints: submit, review decisions, assignment, sign-off."""

from __future__ import annotations

from datetime import date

from flask import jsonify
from flask_login import current_user

from webapp.api import bp, structure
from webapp.api.payload import field, json_object
from webapp.services import workflow
from webapp.services.errors import InvalidInput


@bp.post("/sections/<int:section_id>/submit")
def submit(section_id: int):
    section = workflow.submit(section_id, current_user)
    return jsonify(id=section.id, status=section.status, revision=section.head_revision)


@bp.post("/sections/<int:section_id>/reviews")
def review(section_id: int):
    data = json_object()
    decision = workflow.decide(
        section_id,
        current_user,
        field(data, "revision", int),
        field(data, "decision", str),
        field(data, "body", str, ""),
    )
    section = workflow.load_section(section_id)
    return jsonify(id=decision.id, decision=decision.decision, status=section.status), 201


@bp.patch("/sections/<int:section_id>")
def assign(section_id: int):
    data = json_object()
    changed = structure.patch_structure(section_id, data)
    if changed is not None and not _ASSIGN_FIELDS & data.keys():
        return jsonify(changed)
    section = workflow.assign(
        section_id,
        current_user,
        department_code=field(data, "department", str, None),
        deadline=_date(field(data, "deadline", str, None)),
        countersign_codes=field(data, "countersign", list, None),
    )
    return jsonify(
        id=section.id,
        department=section.department.code if section.department else None,
        deadline=section.deadline.isoformat() if section.deadline else None,
    )


_ASSIGN_FIELDS = frozenset({"department", "deadline", "countersign"})


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"日期格式应为 YYYY-MM-DD：{value}", field="deadline") from None


@bp.post("/reports/<int:report_id>/sign-off")
def sign_off(report_id: int):
    report = workflow.sign_off(report_id, current_user)
    return jsonify(id=report.id, status=report.status)
