"""Structure endpoints: create a report from scratch, add sections, archive; the heading and
place fields of PATCH /sections/{id} (`apply_structure`, called by that route).

Placement: `parent_id` absent or null is the top level; `after_id` absent places the section
last among its siblings, null places it first. Given only `after_id`, the parent is that
sibling's parent.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from flask_login import current_user
from pydantic import BaseModel, Field

from webapp.api import bp
from webapp.api.openapi import Body, Number, operation, responses
from webapp.api.sections import SectionOut, section_json
from webapp.services import drafting, reports, structure
from webapp.services.errors import InvalidInput


class ReportCreate(Body):
    title: str = Field(min_length=1, max_length=reports.MAX_TITLE_CHARS)
    kind: str = Field(default="工作总结", min_length=1, max_length=reports.MAX_KIND_CHARS)
    year: int | None = Field(default=None, ge=reports.YEARS.start, lt=reports.YEARS.stop)
    issuer: str = Field(default="", max_length=reports.MAX_ISSUER_CHARS)
    deadline: date | None = Field(default=None, strict=False, description="YYYY-MM-DD")


class ReportCreated(BaseModel):
    id: int
    title: str
    kind: str
    year: int | None
    issuer: str
    deadline: date | None
    status: str


class SectionCreate(Body):
    heading: str = Field(default="", max_length=structure.MAX_HEADING_CHARS)
    kind: Literal["numbered", "part", "preamble"] = "numbered"
    parent_id: Number | None = None
    after_id: Number | None = Field(default=None, description="absent: last; null: first")


class SectionPlaced(SectionOut):
    parent_id: int | None
    position: int
    heading_only: bool


class Archived(BaseModel):
    id: int
    archived: bool = Field(description="true: archived with its history; false: deleted")
    deleted: bool


@bp.post("/reports")
@operation(json=ReportCreate, resp=responses(403, HTTP_201=ReportCreated), tags=["structure"])
def create_report(json: ReportCreate):
    """A report from scratch (admins, leaders), then built section by section."""
    new = reports.NewReport(
        json.title.strip(), json.kind.strip(), json.year, json.issuer.strip(), json.deadline
    )
    report = reports.create_report(new, current_user)
    return ReportCreated(
        id=report.id,
        title=report.title,
        kind=report.kind,
        year=report.year,
        issuer=report.issuer,
        deadline=report.deadline,
        status=report.status,
    ), 201


@bp.post("/reports/<int:report_id>/sections")
@operation(
    json=SectionCreate, resp=responses(403, 404, 409, HTTP_201=SectionPlaced), tags=["structure"]
)
def add_section(report_id: int, json: SectionCreate):
    """Add a section under `parent_id`, after `after_id`."""
    parent_id, after_id = _place(report_id, json)
    section = structure.add_section(
        report_id, current_user, json.heading.strip(), json.kind, parent_id, after_id
    )
    return placed(section.id), 201


@bp.delete("/sections/<int:section_id>")
@operation(resp=responses(403, 404, 409, HTTP_200=Archived), tags=["structure"])
def archive_section(section_id: int):
    """Archive a section (with its history and subtree); a bare new one is deleted."""
    archived = structure.archive(section_id, current_user)
    return Archived(id=section_id, archived=archived, deleted=not archived)


def apply_structure(section_id: int, body: Any) -> bool:
    """The heading (a revision) and place (a move) fields of a PATCH body; whether any was set."""
    given = body.model_fields_set
    if "heading" in given:
        heading = body.heading
        if heading is None:
            raise InvalidInput("标题不能为 null", code="invalid_field", field="heading")
        structure.rename(section_id, current_user, heading.strip(), body.base_revision)
    if {"parent_id", "after_id"} & given:
        section = reports.load_section(section_id)
        parent_id, after_id = _place(section.report_id, body, moving=section_id)
        structure.move(section_id, current_user, parent_id, after_id)
    return bool({"heading", "parent_id", "after_id"} & given)


def placed(section_id: int) -> dict[str, Any]:
    section = drafting.readable_section(section_id, current_user)
    return {
        **section_json(section, drafting.head_body(section)),
        "parent_id": section.parent_id,
        "position": section.position,
        "heading_only": section.heading_only,
    }


def _place(report_id: int, body: Any, moving: int | None = None) -> tuple[int | None, int | None]:
    given = body.model_fields_set
    parent_id = body.parent_id
    if "parent_id" not in given and body.after_id is not None:
        parent_id = structure.parent_id_of(report_id, body.after_id)
    if "after_id" in given:
        return parent_id, body.after_id
    return parent_id, structure.last_child_id(report_id, parent_id, excluding=moving)
