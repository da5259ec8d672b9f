"""Structure endpoints: create a report from scratch, add sections, rename, move, archive.

Placement: `parent_id` absent or null is the top level; `after_id` absent places the section
last among its siblings, null places it first. Given only `after_id`, the parent is that
sibling's parent. Bodies are validated by pydantic models (422, code "invalid_input").
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, TypeVar

from flask import jsonify
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from webapp.api import bp
from webapp.api.payload import json_object
from webapp.api.sections import section_json
from webapp.models import Report
from webapp.services import drafting, reports, structure
from webapp.services.errors import InvalidInput


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ReportCreate(_Body):
    title: str = Field(min_length=1, max_length=reports.MAX_TITLE_CHARS)
    kind: str = Field(default="工作总结", min_length=1, max_length=reports.MAX_KIND_CHARS)
    year: StrictInt | None = Field(default=None, ge=reports.YEARS.start, lt=reports.YEARS.stop)
    issuer: str = Field(default="", max_length=reports.MAX_ISSUER_CHARS)
    deadline: date | None = None


class SectionCreate(_Body):
    heading: str = Field(default="", max_length=structure.MAX_HEADING_CHARS)
    kind: Literal["numbered", "part", "preamble"] = "numbered"
    parent_id: StrictInt | None = None
    after_id: StrictInt | None = None


class SectionPatch(BaseModel):
    """The structure fields of PATCH /sections/{id}; assignment fields pass through."""

    model_config = ConfigDict(extra="ignore")
    heading: str | None = Field(default=None, max_length=structure.MAX_HEADING_CHARS)
    base_revision: StrictInt | None = None
    parent_id: StrictInt | None = None
    after_id: StrictInt | None = None


BodyT = TypeVar("BodyT", bound=BaseModel)
STRUCTURE_FIELDS = frozenset({"heading", "parent_id", "after_id"})


def validated(model: type[BodyT], data: dict[str, Any]) -> BodyT:
    """The body as `model`, or InvalidInput (422, code "invalid_input") naming each field."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [
            {"field": ".".join(str(part) for part in e["loc"]), "message": e["msg"]}
            for e in error.errors(include_url=False)
        ]
        fields = "、".join(problem["field"] or "body" for problem in problems)
        raise InvalidInput(
            f"请求内容无效：{fields}", code="invalid_input", problems=problems
        ) from None


def report_json(report: Report) -> dict[str, Any]:
    return {
        "id": report.id,
        "title": report.title,
        "kind": report.kind,
        "year": report.year,
        "issuer": report.issuer,
        "deadline": report.deadline.isoformat() if report.deadline else None,
        "status": report.status,
    }


@bp.post("/reports")
def create_report():
    body = validated(ReportCreate, json_object())
    new = reports.NewReport(body.title, body.kind, body.year, body.issuer, body.deadline)
    return jsonify(report_json(reports.create_report(new, current_user))), 201


@bp.post("/reports/<int:report_id>/sections")
def add_section(report_id: int):
    body = validated(SectionCreate, json_object())
    parent_id, after_id = _place(report_id, body)
    section = structure.add_section(
        report_id, current_user, body.heading, body.kind, parent_id, after_id
    )
    return jsonify(_section_json(section.id)), 201


@bp.delete("/sections/<int:section_id>")
def archive_section(section_id: int):
    archived = structure.archive(section_id, current_user)
    return jsonify(id=section_id, archived=archived, deleted=not archived)


def patch_structure(section_id: int, data: dict[str, Any]) -> dict[str, Any] | None:
    """PATCH /sections/{id} with a heading (a revision) or a place (a move); None if the
    body holds neither, so the caller goes on with the assignment fields."""
    if not STRUCTURE_FIELDS & data.keys():
        return None
    body = validated(SectionPatch, data)
    if "heading" in body.model_fields_set:
        if body.heading is None:
            raise InvalidInput("标题不能为 null", code="invalid_input", field="heading")
        structure.rename(section_id, current_user, body.heading, body.base_revision)
    if {"parent_id", "after_id"} & body.model_fields_set:
        section = reports.load_section(section_id)
        parent_id, after_id = _place(section.report_id, body, moving=section_id)
        structure.move(section_id, current_user, parent_id, after_id)
    return _section_json(section_id)


def _place(
    report_id: int, body: SectionCreate | SectionPatch, moving: int | None = None
) -> tuple[int | None, int | None]:
    given = body.model_fields_set
    parent_id = body.parent_id
    if "parent_id" not in given and body.after_id is not None:
        parent_id = structure.parent_id_of(report_id, body.after_id)
    if "after_id" in given:
        return parent_id, body.after_id
    return parent_id, structure.last_child_id(report_id, parent_id, excluding=moving)


def _section_json(section_id: int) -> dict[str, Any]:
    section = drafting.readable_section(section_id, current_user)
    data = section_json(section, drafting.head_body(section))
    return {
        **data,
        "parent_id": section.parent_id,
        "position": section.position,
        "heading_only": section.heading_only,
    }
