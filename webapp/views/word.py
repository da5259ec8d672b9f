"""Word round trip pages: download a bookmarked DOCX, and “从 Word 导入” with its result page."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from webapp.api.word import docx_response, uploaded_file
from webapp.services import word_roundtrip
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
