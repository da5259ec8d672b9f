"""痕迹稿 downloads: GET /sections/{id}/redline?from=a&to=b and
GET /reports/{id}/redline?from=V&to=W (or ?since=approved)."""

from __future__ import annotations

from flask import Response, request
from flask_login import current_user

from webapp.api import bp
from webapp.api.payload import int_arg
from webapp.services import final_documents, redline
from webapp.services.errors import InvalidInput

DOCX_MIME = final_documents.MIME_TYPES["docx"]


@bp.get("/sections/<int:section_id>/redline")
def section_redline(section_id: int):
    file = redline.section_redline(section_id, current_user, int_arg("from"), int_arg("to"))
    return _attachment(file)


@bp.get("/reports/<int:report_id>/redline")
def report_redline(report_id: int):
    since = request.args.get("since")
    if since is not None and since != "approved":
        raise InvalidInput("since 只能是 approved", code="invalid_since", field="since")
    versions = (None, None) if since else (int_arg("from"), int_arg("to"))
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
