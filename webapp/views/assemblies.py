"""Assembly in the browser: request a document, watch its progress, list, verify, download."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.models import FinalDocument, Report
from webapp.services import assembly, final_documents, report_details, reports
from webapp.services.errors import DomainError, InvalidInput
from webapp.views import signed_in_only
from webapp.views.error_messages import localised

bp = signed_in_only(Blueprint("assemblies", __name__))


@bp.post("/reports/<int:report_id>/assemblies")
def request_assembly(report_id: int):
    draft = request.form.get("draft") == "1"
    try:
        job = assembly.request_assembly(
            report_id, current_user, request.form.getlist("formats"), draft
        )
    except InvalidInput as error:
        flash(localised(error), "error")
    else:
        flash(_("已提交生成任务（第 %(id)s 号），完成后可在下方下载。", id=job.id), "success")
    return redirect(url_for("reports.show", report_id=report_id, _anchor="assembly"))


@bp.post("/reports/<int:report_id>/details")
def update_details(report_id: int):
    """The 署名/日期/发文字号/主送机关 form of the assembly card."""
    try:
        fields = {name: request.form.get(name, "") for name in _DETAIL_TEXTS}
        fields["issue_date"] = _form_date("issue_date")
        report_details.update_details(report_id, current_user, **fields)
    except DomainError as error:
        flash(localised(error), "error")
    else:
        flash(_("已保存成文信息"), "success")
    return redirect(url_for("reports.show", report_id=report_id, _anchor="document-details"))


_DETAIL_TEXTS = ("issuer", "doc_number", "addressee")


def _form_date(name: str) -> date | None:
    raw = request.form.get(name, "").strip()
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        raise InvalidInput(
            _("日期格式应为 YYYY-MM-DD"), code="invalid_date", field=name, value=raw
        ) from None


@bp.get("/assemblies/<int:job_id>/progress")
def progress(job_id: int):
    status = final_documents.job_status(job_id, current_user)
    return render_template("assemblies/_progress.html", status=status)


@bp.get("/reports/<int:report_id>/documents")
def versions(report_id: int):
    return _versions_page(report_id, check=None)


@bp.post("/reports/<int:report_id>/documents/verify")
def verify(report_id: int):
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("请选择要核验的文件"), "error")
        return redirect(url_for("assemblies.versions", report_id=report_id))
    return _versions_page(
        report_id, final_documents.verify_upload(report_id, current_user, upload.stream)
    )


def _versions_page(report_id: int, check: final_documents.UploadCheck | None):
    report = reports.get_report(report_id, current_user)
    return render_template(
        "assemblies/versions.html",
        report=report,
        versions=final_documents.documents_for(report_id, current_user),
        check=check,
        file_name=final_documents.file_name,
    )


@bp.get("/documents/<int:document_id>/download")
def download(document_id: int):
    document = final_documents.document_for_download(document_id, current_user)
    report = reports.get_report(document.report_id, current_user)
    return attachment(document, report)


def attachment(document: FinalDocument, report: Report) -> Response:
    """The file with its Chinese name (RFC 6266/5987 filename*) and an ASCII fallback."""
    name = final_documents.file_name(report.title, document)
    disposition = final_documents.content_disposition(
        name, final_documents.ascii_file_name(document)
    )
    response = Response(document.content, content_type=final_documents.MIME_TYPES[document.format])
    response.headers["Content-Disposition"] = disposition
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.set_etag(document.sha256)
    # Versions never change, but they are confidential: the browser may keep them, proxies not.
    response.cache_control.private = True
    response.cache_control.max_age = 3600
    return response
