"""Word round trip endpoints: download a bookmarked DOCX, upload the edited file (multipart
`file`); the answer says per section what happened (409 when any section conflicts)."""

from __future__ import annotations

import io
from typing import Any

from flask import Response, current_app, jsonify, request, send_file
from flask_login import current_user
from pydantic import BaseModel, Field

from webapp.api import bp
from webapp.services import word_roundtrip
from webapp.services.errors import InvalidInput, PayloadTooLarge


class SectionOutcomeOut(BaseModel):
    section_id: int
    heading: str
    status: str = Field(description="saved | merged | conflict | unchanged | not_allowed")
    revision: int | None = Field(description="the section's revision after the upload")
    suggestions: int = Field(description="tracked changes now waiting as suggestions")
    comments: int = Field(description="Word comments added as comments")
    unplaced: int = Field(description="tracked changes a merge left without their text")


class UploadOut(BaseModel):
    report_id: int
    sections: list[SectionOutcomeOut]


def uploaded_file() -> bytes:
    """The multipart `file`, read no further than the upload limit allows."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput(
            "请选择要上传的 Word 文件（字段 file）", code="file_missing", field="file"
        )
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(
            f"文件过大：上限 {limit // 1024} KB", code="docx_too_large", limit=limit
        )
    return data


def docx_response(file: word_roundtrip.WordFile) -> Response:
    # send_file writes the Chinese name as RFC 5987 filename* beside an ASCII fallback.
    return send_file(
        io.BytesIO(file.content),
        mimetype=word_roundtrip.MIME_TYPE,
        as_attachment=True,
        download_name=file.file_name,
    )


def _answer(outcome: word_roundtrip.UploadOutcome):
    body = UploadOut(
        report_id=outcome.report_id,
        sections=[SectionOutcomeOut(**vars(section)) for section in outcome.sections],
    )
    status = 409 if outcome.has_conflict else 201 if outcome.has_new_revision else 200
    return jsonify(body.model_dump(mode="json")), status


@bp.get("/sections/<int:section_id>/docx")
def section_docx(section_id: int):
    return docx_response(word_roundtrip.section_docx(section_id, current_user))


@bp.post("/sections/<int:section_id>/docx")
def upload_section_docx(section_id: int):
    return _answer(word_roundtrip.upload_section(section_id, current_user, uploaded_file()))


@bp.get("/reports/<int:report_id>/docx")
def report_docx(report_id: int):
    return docx_response(word_roundtrip.report_docx(report_id, current_user))


@bp.post("/reports/<int:report_id>/docx")
def upload_report_docx(report_id: int):
    return _answer(word_roundtrip.upload_report(report_id, current_user, uploaded_file()))


def openapi_paths() -> dict[str, Any]:
    """This module's part of /api/v1/openapi.json, from the response model it serializes."""
    error = {
        "description": "error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    outcome = {
        "description": "per section: saved | merged | conflict | unchanged | not_allowed",
        "content": {"application/json": {"schema": UploadOut.model_json_schema()}},
    }
    upload = {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
    download = {"description": "DOCX", "content": {word_roundtrip.MIME_TYPE: {}}}

    def path() -> dict[str, Any]:
        parameters = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]
        return {
            "get": {
                "parameters": parameters,
                "responses": {"200": download, **{str(c): error for c in (401, 403, 404)}},
            },
            "post": {
                "parameters": parameters,
                "requestBody": upload,
                "responses": {
                    "200": outcome,
                    "201": outcome,
                    "409": outcome,
                    **{str(c): error for c in (400, 401, 403, 404, 413, 422)},
                },
            },
        }

    return {"/sections/{id}/docx": path(), "/reports/{id}/docx": path()}
