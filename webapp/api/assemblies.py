"""Assembly endpoints: request a job (202), poll it, list a report's versions, verify a file."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request, url_for
from flask_login import current_user

from webapp.api import bp
from webapp.api.payload import field, json_object
from webapp.models import FinalDocument
from webapp.services import assembly, final_documents


def document_json(document: FinalDocument) -> dict[str, Any]:
    return {
        "id": document.id,
        "format": document.format,
        "url": url_for("assemblies.download", document_id=document.id),
        "sha256": document.sha256,
        "version": document.version,
        "size": document.size,
        "draft": document.draft,
    }


@bp.post("/reports/<int:report_id>/assemblies")
def request_assembly(report_id: int):
    data = json_object()
    job = assembly.request_assembly(
        report_id, current_user, field(data, "formats", list), field(data, "draft", bool, False)
    )
    location = url_for("api.assembly_status", job_id=job.id)
    return jsonify(job_id=job.id, state=job.state), 202, {"Location": location}


@bp.get("/assemblies/<int:job_id>")
def assembly_status(job_id: int):
    status = final_documents.job_status(job_id, current_user)
    job = status.job
    return jsonify(
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


@bp.get("/reports/<int:report_id>/documents")
def list_documents(report_id: int):
    versions = final_documents.documents_for(report_id, current_user)
    return jsonify(
        versions=[
            {
                "version": version.number,
                "draft": version.draft,
                "created_at": version.created_at.isoformat(),
                "requested_by": version.requested_by,
                "documents": [document_json(document) for document in version.documents],
                "manifest": {
                    str(entry.section_id): {"revision": entry.revision, "sha256": entry.sha256}
                    for entry in version.manifest
                },
            }
            for version in versions
        ]
    )


@bp.post("/reports/<int:report_id>/documents/verify")
def verify_document(report_id: int):
    """The request body is the file itself (any content type)."""
    check = final_documents.verify_upload(report_id, current_user, request.stream)
    return jsonify(
        sha256=check.sha256,
        matches=[document_json(document) for document in check.matches],
    )
