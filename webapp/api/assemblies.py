"""Assembly endpoints: request a job (202), poll it, list a report's versions, verify a file."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from flask import request, url_for
from flask_login import current_user
from pydantic import BaseModel, Field

from webapp.api import bp
from webapp.api.openapi import Body, operation, responses
from webapp.models import FinalDocument
from webapp.services import assembly, final_documents, reports
from webapp.views.assemblies import attachment

Format = Literal["docx", "pdf", "txt", "md"]


class Document(BaseModel):
    id: int
    format: str
    url: str = Field(description="download (session or bearer token)")
    sha256: str
    version: int
    size: int
    draft: bool


def document_json(document: FinalDocument) -> Document:
    return Document(
        id=document.id,
        format=document.format,
        url=url_for("assemblies.download", document_id=document.id),
        sha256=document.sha256,
        version=document.version,
        size=document.size,
        draft=document.draft,
    )


class RequestAssembly(Body):
    formats: list[Format] = Field(min_length=1)
    draft: bool = Field(default=False, description="a 征求意见稿 (draft copy), allowed any time")


class Queued(BaseModel):
    job_id: int
    state: str


@bp.post("/reports/<int:report_id>/assemblies")
@operation(json=RequestAssembly, resp=responses(403, 404, HTTP_202=Queued), tags=["assemblies"])
def request_assembly(report_id: int, json: RequestAssembly):
    """Queue an assembly job; poll the Location."""
    job = assembly.request_assembly(report_id, current_user, list(json.formats), json.draft)
    location = url_for("api.assembly_status", job_id=job.id)
    return Queued(job_id=job.id, state=job.state), 202, {"Location": location}


class JobStatus(BaseModel):
    job_id: int
    report_id: int
    draft: bool
    formats: list[str]
    state: Literal["queued", "running", "succeeded", "failed"]
    progress: int = Field(ge=0, le=100)
    attempts: int
    error: str | None
    documents: list[Document]


@bp.get("/assemblies/<int:job_id>")
@operation(resp=responses(403, 404, HTTP_200=JobStatus), tags=["assemblies"])
def assembly_status(job_id: int):
    """The job's state, progress and (when done) its documents."""
    status = final_documents.job_status(job_id, current_user)
    job = status.job
    return JobStatus(
        job_id=job.id,
        report_id=job.report_id,
        draft=job.draft,
        formats=job.formats,
        state=job.state,
        progress=job.progress,
        attempts=job.attempts,
        error=job.error,
        documents=[document_json(document) for document in status.documents],
    )


class ManifestEntry(BaseModel):
    revision: int
    sha256: str


class Version(BaseModel):
    version: int
    draft: bool
    created_at: datetime
    requested_by: str | None
    documents: list[Document]
    manifest: dict[str, ManifestEntry] = Field(description="section id → revision used")


class Versions(BaseModel):
    versions: list[Version]


@bp.get("/reports/<int:report_id>/documents")
@operation(resp=responses(403, 404, HTTP_200=Versions), tags=["assemblies"])
def list_documents(report_id: int):
    """Every assembled version of the report, newest first, with its manifest."""
    versions = final_documents.documents_for(report_id, current_user)
    return Versions(
        versions=[
            Version(
                version=version.number,
                draft=version.draft,
                created_at=version.created_at,
                requested_by=version.requested_by,
                documents=[document_json(document) for document in version.documents],
                manifest={
                    str(entry.section_id): ManifestEntry(
                        revision=entry.revision, sha256=entry.sha256
                    )
                    for entry in version.manifest
                },
            )
            for version in versions
        ]
    )


class Verified(BaseModel):
    sha256: str
    matches: list[Document] = Field(description="empty: the file is not one of ours")


@bp.post("/reports/<int:report_id>/documents/verify")
@operation(resp=responses(403, 404, 413, HTTP_200=Verified), tags=["assemblies"])
def verify_document(report_id: int):
    """Is this file (the raw request body) one of the report's final documents?"""
    check = final_documents.verify_upload(report_id, current_user, request.stream)
    return Verified(
        sha256=check.sha256, matches=[document_json(document) for document in check.matches]
    )


@bp.get("/documents/<int:document_id>")
@operation(resp=responses(403, 404, HTTP_200=None), tags=["assemblies"])
def download_document(document_id: int):
    """The file itself (DOCX, PDF, TXT or Markdown), as signed off or drafted."""
    document = final_documents.document_for_download(document_id, current_user)
    return attachment(document, reports.get_report(document.report_id, current_user))
