"""Report endpoints: the outline (DESIGN "CLI contract": the same tree as `reports outline`)."""

from __future__ import annotations

from flask_login import current_user
from pydantic import BaseModel

from webapp.api import bp
from webapp.api.openapi import operation, responses
from webapp.services import reports


class OutlineNode(BaseModel):
    id: int
    kind: str
    level: int
    heading: str
    run_in: bool
    body: str
    status: str
    department: str | None
    revision: int
    children: list[OutlineNode]


class Outline(BaseModel):
    id: int
    title: str
    year: int | None
    status: str
    sections: list[OutlineNode]


@bp.get("/reports/<int:report_id>")
@operation(resp=responses(403, 404, HTTP_200=Outline), tags=["reports"])
def report_outline(report_id: int):
    """The report's section tree with each section's head text."""
    return reports.outline_json(reports.get_report(report_id, current_user))
