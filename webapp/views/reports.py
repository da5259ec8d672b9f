"""The report page; importing an existing report (upload → correct the tree → create);
creating one from scratch and editing its structure section by section."""

from __future__ import annotations

import json

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.services import (
    accounts,
    countersign,
    dashboards,
    final_documents,
    imports,
    reports,
    signoff,
    structure,
)
from webapp.services.errors import Conflict, DomainError, InvalidInput, NotFound
from webapp.text.nodes import numbered_walk, outline_to_dict
from webapp.views import signed_in_only
from webapp.views.error_messages import localised

bp = signed_in_only(Blueprint("reports", __name__, url_prefix="/reports"))


@bp.get("/<int:report_id>")
def show(report_id: int):
    overview = dashboards.report_overview(report_id, current_user)
    chips = countersign.chips_for_report(report_id)
    return render_template(
        "reports/show.html",
        report=overview.report,
        overview=overview,
        panel=final_documents.panel(overview.report, current_user),
        checks=signoff.evaluate(reports.section_rows(report_id), chips),
        chips=chips,
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


def _preview(parsed, source_name: str, error: str = "", assignments=None):
    return render_template(
        "reports/import_preview.html",
        outline=parsed,
        rows=list(numbered_walk(parsed.sections)),
        assignments=assignments or {},
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
        tree = imports.preview_tree(form.get("outline", ""))
    except DomainError as error:
        return render_template("reports/import.html", error=localised(error)), 400
    # Without JavaScript the rows' selects carry the departments; with it, the nodes do.
    assignments = {**_row_departments(form), **tree.assignments}
    try:
        report = imports.import_report(
            tree.outline, current_user, form.get("title"), assignments, form.get("source_name", "")
        )
    except DomainError as error:
        page = _preview(tree.outline, form.get("source_name", ""), localised(error), assignments)
        return page, 422
    flash(_("已导入报告，共 %(n)s 个章节", n=len(report.sections)), "success")
    return redirect(url_for("reports.show", report_id=report.id))


def _row_departments(form) -> dict[int, str]:
    return {
        int(key.removeprefix("dept-")): code
        for key, code in form.items()
        if key.startswith("dept-") and key.removeprefix("dept-").isdigit() and code
    }


@bp.route("/new", methods=["GET", "POST"])
def new():
    reports.require_create_right(current_user)
    if request.method == "GET":
        return render_template("reports/new.html", form={})
    try:
        report = reports.create_report(reports.NewReport.from_form(request.form), current_user)
    except DomainError as error:
        return render_template("reports/new.html", form=request.form, error=localised(error)), 422
    flash(_("已创建报告，请添加章节"), "success")
    return redirect(url_for("reports.structure_page", report_id=report.id))


@bp.get("/<int:report_id>/structure")
def structure_page(report_id: int):
    return render_template("reports/structure.html", page=structure.page(report_id, current_user))


@bp.post("/<int:report_id>/structure/add")
def add_section(report_id: int):
    form = request.form
    return _structure_step(
        report_id,
        lambda: structure.add_section(
            report_id,
            current_user,
            form.get("heading", "") or _("新章节"),
            form.get("kind", "numbered"),
            form.get("parent_id", type=int),
            form.get("after_id", type=int),
        ),
    )


@bp.post("/<int:report_id>/structure/<int:section_id>/rename")
def rename_section(report_id: int, section_id: int):
    heading = request.form.get("heading", "")
    return _structure_step(report_id, lambda: structure.rename(section_id, current_user, heading))


@bp.post("/sections/<int:section_id>/heading")
def rename_in_editor(section_id: int):
    """A drafter renames their own section from the editor (a new revision)."""
    try:
        result = structure.rename(section_id, current_user, request.form.get("heading", ""))
    except (InvalidInput, Conflict, NotFound) as error:
        flash(localised(error), "error")
    else:
        if result.created:
            flash(_("标题已保存为第 %(n)s 版。", n=result.revision), "success")
    return redirect(url_for("sections.edit", section_id=section_id))


@bp.post("/<int:report_id>/structure/<int:section_id>/<any(up, down, indent, outdent):direction>")
def nudge_section(report_id: int, section_id: int, direction: str):
    return _structure_step(report_id, lambda: structure.nudge(section_id, current_user, direction))


@bp.post("/<int:report_id>/structure/<int:section_id>/archive")
def archive_section(report_id: int, section_id: int):
    return _structure_step(report_id, lambda: structure.archive(section_id, current_user))


def _structure_step(report_id: int, step):
    """Run one structure change; a refusal is a message on the page, never an error page."""
    try:
        step()
    except (InvalidInput, Conflict, NotFound) as error:
        flash(localised(error), "error")
    return redirect(url_for("reports.structure_page", report_id=report_id))
