"""痕迹稿 downloads: GET /sections/{id}/redline?from=a&to=b and
GET /reports/{id}/redline?from=V&to=W (or ?since=approved)."""

from __future__ import annotations

from typing import Literal

from flask import Response
from flask_login import current_user
from pydantic import Field

from webapp.api import bp
from webapp.api.openapi import Number, Query, operation, responses
from webapp.services import final_documents, redline

DOCX_MIME = final_documents.MIME_TYPES["docx"]


class SectionRedlineQuery(Query):
    from_: Number = Field(alias="from", description="the older revision (0: the empty text)")
    to: Number = Field(description="the newer revision")


class ReportRedlineQuery(Query):
    from_: Number | None = Field(default=None, alias="from", description="older final version")
    to: Number | None = Field(default=None, description="newer final version")
    since: Literal["approved"] | None = Field(
        default=None, description="instead of from/to: the changes since the last approval"
    )


@bp.get("/sections/<int:section_id>/redline")
@operation(query=SectionRedlineQuery, resp=responses(403, 404, HTTP_200=None), tags=["documents"])
def section_redline(section_id: int, query: SectionRedlineQuery):
    """痕迹稿 (DOCX with Word revisions) of one section between two revisions."""
    return _attachment(redline.section_redline(section_id, current_user, query.from_, query.to))


@bp.get("/reports/<int:report_id>/redline")
@operation(query=ReportRedlineQuery, resp=responses(403, 404, HTTP_200=None), tags=["documents"])
def report_redline(report_id: int, query: ReportRedlineQuery):
    """痕迹稿 of the report between two final versions, or since the last approval."""
    versions = (None, None) if query.since else (query.from_, query.to)
    return _attachment(redline.report_redline(report_id, current_user, *versions))


def _attachment(file: redline.RedlineFile) -> Response:
    response = Response(file.content, content_type=DOCX_MIME)
    response.headers["Content-Disposition"] = final_documents.content_disposition(
        file.name, file.ascii_name
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response
