"""The report page, and importing an existing report (upload → confirm the tree → create)."""

from __future__ import annotations

import json

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.services import accounts, dashboards, final_documents, imports
from webapp.services.errors import DomainError
from webapp.text.nodes import outline_from_dict, outline_to_dict, walk
from webapp.views import signed_in_only
from webapp.views.error_messages import localised

bp = signed_in_only(Blueprint("reports", __name__, url_prefix="/reports"))


@bp.get("/<int:report_id>")
def show(report_id: int):
    overview = dashboards.report_overview(report_id, current_user)
    return render_template(
        "reports/show.html",
        report=overview.report,
        overview=overview,
        panel=final_documents.panel(overview.report, current_user),
    )


@bp.route("/import", methods=["GET", "POST"])
def upload():
    imports.require_import_right(current_user)
    if request.method == "GET":
        return render_template("reports/import.html")
    upload = request.files.get("file")
    try:
        if upload and upload.filename:
            parsed = imports.preview(current_user, upload.filename, upload.read())
        else:
            parsed = imports.preview_text(current_user, request.form.get("text", ""))
    except DomainError as error:
        return render_template("reports/import.html", error=localised(error)), 422
    return _preview(parsed, source_name=upload.filename if upload else "")


def _preview(parsed, source_name: str, error: str = ""):
    return render_template(
        "reports/import_preview.html",
        outline=parsed,
        nodes=list(walk(parsed.sections)),
        outline_json=json.dumps(outline_to_dict(parsed), ensure_ascii=False),
        departments=accounts.list_departments(),
        source_name=source_name,
        error=error,
    )


@bp.post("/import/confirm")
def confirm_import():
    imports.require_import_right(current_user)
    form = request.form
    try:
        parsed = outline_from_dict(json.loads(form.get("outline", "")))
    except ValueError:
        return render_template("reports/import.html", error=_("导入数据无效，请重新上传")), 400
    assignments = {
        int(key.removeprefix("dept-")): code
        for key, code in form.items()
        if key.startswith("dept-") and key.removeprefix("dept-").isdigit() and code
    }
    try:
        report = imports.import_report(
            parsed, current_user, form.get("title"), assignments, form.get("source_name", "")
        )
    except DomainError as error:
        return _preview(parsed, form.get("source_name", ""), localised(error)), 422
    flash(_("已导入报告，共 %(n)s 个章节", n=len(report.sections)), "success")
    return redirect(url_for("reports.show", report_id=report.id))
