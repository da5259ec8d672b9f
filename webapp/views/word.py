"""Word round trip pages: download a bookmarked DOCX, and “从 Word 导入” with its result page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, render_template, request
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from webapp.services import final_documents, word_roundtrip
from webapp.services.errors import Conflict, InvalidInput, PayloadTooLarge
from webapp.views import signed_in_only

bp = signed_in_only(Blueprint("word", __name__))


@bp.get("/sections/<int:section_id>/docx")
def section_docx(section_id: int):
    return docx_response(word_roundtrip.section_docx(section_id, current_user))


@bp.get("/reports/<int:report_id>/docx")
def report_docx(report_id: int):
    return docx_response(word_roundtrip.report_docx(report_id, current_user))


@bp.post("/sections/<int:section_id>/docx")
def upload_section(section_id: int):
    return _result(lambda data: word_roundtrip.upload_section(section_id, current_user, data))


@bp.post("/reports/<int:report_id>/docx")
def upload_report(report_id: int):
    return _result(lambda data: word_roundtrip.upload_report(report_id, current_user, data))


def _result(upload):
    try:
        outcome = upload(uploaded_file(request.files.get("file")))
    except (InvalidInput, PayloadTooLarge, Conflict) as error:
        return render_template("word/upload_result.html", outcome=None, error=error.message), 422
    return render_template("word/upload_result.html", outcome=outcome, error="")


def uploaded_file(upload: Any) -> bytes:
    """The multipart `file`, read no further than the upload limit allows."""
    if not isinstance(upload, FileStorage) or not upload.filename:
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
    """The file with its Chinese name (RFC 5987 filename*) beside an ASCII fallback."""
    response = Response(file.content, mimetype=word_roundtrip.MIME_TYPE)
    ascii_name = file.file_name.encode("ascii", "ignore").decode() or "section.docx"
    response.headers["Content-Disposition"] = final_documents.content_disposition(
        file.file_name, ascii_name if ascii_name.endswith(".docx") else "tonggao.docx"
    )
    response.cache_control.private = True
    return response
