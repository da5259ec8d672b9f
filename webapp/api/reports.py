"""Report endpoints: list, outline (DESIGN "CLI contract": the tree of `reports outline`), and
import (multipart upload → outline preview; ?commit=1 creates the report)."""

from __future__ import annotations

import json as json_module
from datetime import date, datetime
from typing import Annotated, Any, Literal

from flask_login import current_user
from pydantic import BaseModel, Field, WithJsonSchema
from werkzeug.datastructures import FileStorage

from webapp.api import bp
from webapp.api.openapi import Query, operation, responses
from webapp.models import Report
from webapp.services import catalogue, imports, reports
from webapp.services.errors import InvalidInput
from webapp.text.nodes import outline_to_dict

ReportStatus = Literal["drafting", "in_review", "signed_off", "final"]


class ReportSummary(BaseModel):
    id: int
    title: str
    year: int | None
    kind: str
    status: str
    deadline: date | None
    created_at: datetime


class ReportList(BaseModel):
    reports: list[ReportSummary]
    total: int
    page: int
    per_page: int


class ReportFilter(Query):
    status: ReportStatus | None = None
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    page: Annotated[int, Field(ge=1, le=100_000)] = 1
    per_page: Annotated[int, Field(ge=1, le=catalogue.MAX_PAGE_SIZE)] = 20


def _summary(report: Report) -> ReportSummary:
    return ReportSummary(
        id=report.id,
        title=report.title,
        year=report.year,
        kind=report.kind,
        status=report.status,
        deadline=report.deadline,
        created_at=report.created_at,
    )


@bp.get("/reports")
@operation(query=ReportFilter, resp=responses(HTTP_200=ReportList), tags=["reports"])
def list_reports(query: ReportFilter):
    """The reports the caller may read, newest first."""
    found = catalogue.list_reports(
        current_user, query.status, query.year, query.page, query.per_page
    )
    return ReportList(
        reports=[_summary(report) for report in found.reports],
        total=found.total,
        page=found.page,
        per_page=found.per_page,
    )


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


Upload = Annotated[Any, WithJsonSchema({"type": "string", "format": "binary"})]


class ImportForm(BaseModel):
    file: Upload = Field(description=".docx, or text in UTF-8 / GB18030")
    title: str | None = Field(default=None, description="instead of the recognised title")
    assignments: str | None = Field(
        default=None,
        description='with commit=1: JSON {"section index in document order": "department code"}',
    )


class ImportQuery(Query):
    commit: bool = Field(default=False, description="1 (or true): create the report")


class PreviewNode(BaseModel):
    kind: str
    level: int
    heading: str
    body: str
    run_in: bool
    children: list[PreviewNode]


class Preview(BaseModel):
    title: str
    sections: list[PreviewNode]
    dropped: list[str] = Field(description="lines before the title that were left out")


@bp.post("/reports/import")
@operation(
    form=ImportForm,
    query=ImportQuery,
    resp=responses(403, 404, 413, HTTP_200=Preview, HTTP_201=Outline),
    tags=["reports"],
)
def import_report(form: ImportForm, query: ImportQuery):
    """Upload a report: the outline it would become, or with ?commit=1 the new report."""
    upload = form.file
    if not isinstance(upload, FileStorage):
        raise InvalidInput("请上传文件（multipart 字段 file）", code="invalid_field", field="file")
    parsed = imports.preview(current_user, upload.filename or "", upload.read())
    if not query.commit:
        return outline_to_dict(parsed)
    report = imports.import_report(
        parsed, current_user, form.title, _assignments(form.assignments), upload.filename or ""
    )
    return reports.outline_json(report), 201


def _assignments(raw: str | None) -> dict[int, str]:
    try:
        data = json_module.loads(raw) if raw else {}
        return {int(index): str(code) for index, code in data.items()}
    except (ValueError, AttributeError, TypeError):
        raise InvalidInput(
            'assignments 应为 JSON 对象，如 {"0": "zonghe"}',
            code="invalid_field",
            field="assignments",
        ) from None
