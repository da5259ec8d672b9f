"""Workflow pages: submit, the review page with comments and decisions, sign-off, assignment."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.services import (
    comments,
    drafting,
    editor,
    reports,
    review_page,
    signoff,
    submission,
    suggestion_views,
    workflow,
)
from webapp.services.errors import Conflict, InvalidInput, NotFound, PayloadTooLarge
from webapp.text import diff_render
from webapp.text.highlight import highlight
from webapp.views import signed_in_only
from webapp.views.error_messages import localised

bp = signed_in_only(Blueprint("workflow", __name__))


@bp.post("/sections/<int:section_id>/submit")
def submit(section_id: int):
    """提交审核 from the editor: the text on the screen is saved first, then submitted (asking
    first while suggestions wait)."""
    form = request.form
    if suggestion_views.open_count(section_id) and not form.get("open_suggestions_ok"):
        # Ask first: the editor shows the waiting suggestions and a "submit anyway" button;
        # the text on the screen waits in the draft buffer, which the editor offers again.
        if "body" in form:
            submission.keep_on_screen_text(
                section_id,
                current_user,
                form.get("base_revision", type=int, default=-1),
                form["body"],
            )
        return redirect(url_for("sections.edit", section_id=section_id, confirm_submit=1))
    try:
        if "body" in form:
            section = submission.submit_on_screen(
                section_id,
                current_user,
                form.get("base_revision", type=int, default=-1),
                form["body"],
                form.get("message", ""),
            ).section
        else:
            section = submission.submit_saved(section_id, current_user)
    except Conflict as error:
        return _submit_refused(section_id, error)
    except (InvalidInput, PayloadTooLarge) as error:
        flash(localised(error), "error")
    else:
        flash(
            _("已提交审核。") if section.status == "submitted" else _("该文字已审核通过。"),
            "success",
        )
        _warn_about_findings(section)
    return redirect(url_for("sections.edit", section_id=section_id))


def _submit_refused(section_id: int, error: Conflict):
    if error.code == "locked":
        flash(_("报告已签发，已锁定：未提交。您的文字已保留在草稿中。"), "error")
        return redirect(url_for("sections.edit", section_id=section_id))
    if error.code == "unsaved_draft":
        flash(localised(error), "warning")
        return redirect(url_for("sections.edit", section_id=section_id))
    flash(_("保存冲突：有人同时修改了相同位置，未提交。请对照后重新保存，再提交审核。"), "warning")
    return redirect(url_for("sections.conflict", section_id=section_id))


def _warn_about_findings(section) -> None:
    """Proofreading before submission: not a gate (reviewers decide), but said out loud."""
    errors = [f for f in editor.proof(drafting.head_body(section)) if f.severity == "error"]
    if errors:
        message = _(
            "校对发现 %(n)s 处错误（如占位符），请审核人留意；定稿前必须改正。", n=len(errors)
        )
        flash(message, "warning")


@bp.get("/sections/<int:section_id>/review")
def review(section_id: int):
    state = review_page.review_state(section_id, current_user, request.args.get("since", type=int))
    anchors = [(*t.anchor, str(t.root.id)) for t in state.threads if t.anchor]
    return render_template(
        "sections/review.html",
        state=state,
        heading=reports.numbered_heading(state.section),
        changes=diff_render.inline_html(state.ops),
        text=highlight(state.head_body, anchors),
    )


@bp.post("/sections/<int:section_id>/review")
def decide(section_id: int):
    form = request.form
    try:
        workflow.decide(
            section_id,
            current_user,
            form.get("revision", type=int, default=-1),
            form.get("decision", ""),
            form.get("body", ""),
        )
    except (Conflict, InvalidInput) as error:
        flash(localised(error), "error")
    else:
        flash(_("审核意见已记录。"), "success")
    return redirect(url_for("workflow.review", section_id=section_id))


@bp.post("/sections/<int:section_id>/comments")
def comment(section_id: int):
    form = request.form
    try:
        comments.add(
            section_id,
            current_user,
            form.get("revision", type=int, default=-1),
            form.get("body", ""),
            form.get("start", type=int),
            form.get("end", type=int),
            form.get("parent_id", type=int),
        )
    except (Conflict, InvalidInput) as error:
        flash(localised(error), "error")
    return redirect(url_for("workflow.review", section_id=section_id) + "#comments")


@bp.post("/comments/<int:comment_id>/resolve")
def resolve(comment_id: int):
    comment = comments.resolve(comment_id, current_user)
    return redirect(url_for("workflow.review", section_id=comment.section_id) + "#comments")


@bp.post("/comments/<int:comment_id>/reopen")
def reopen(comment_id: int):
    comment = comments.reopen(comment_id, current_user)
    return redirect(url_for("workflow.review", section_id=comment.section_id) + "#comments")


@bp.get("/reports/<int:report_id>/sign-off")
def confirm_sign_off(report_id: int):
    """The confirmation step: the checklist once more, then the button that signs."""
    report = reports.get_report(report_id, current_user)
    return render_template("reports/sign_off.html", report=report, checks=signoff.checklist(report))


@bp.post("/reports/<int:report_id>/sign-off")
def sign_off(report_id: int):
    try:
        signoff.sign_off(report_id, current_user)
    except (Conflict, InvalidInput) as error:
        flash(localised(error), "error")
    else:
        flash(_("报告已签发，已锁定。"), "success")
    return redirect(url_for("reports.show", report_id=report_id))


@bp.post("/reports/<int:report_id>/sign-off/withdraw")
def withdraw_sign_off(report_id: int):
    try:
        signoff.withdraw(report_id, current_user, request.form.get("reason", ""))
    except (Conflict, InvalidInput) as error:
        flash(localised(error), "error")
    else:
        flash(_("已撤回签发，报告重新开放修改；已生成的定稿版本仍可下载和核验。"), "success")
    return redirect(url_for("reports.show", report_id=report_id))


@bp.route("/reports/<int:report_id>/assign", methods=["GET", "POST"])
def assign(report_id: int):
    state = review_page.assignment_state(report_id, current_user)
    problem = None
    if request.method == "POST":
        try:
            workflow.plan_report(report_id, current_user, *_assignment_form(request.form))
        except (Conflict, InvalidInput, NotFound) as error:
            problem = error
        else:
            flash(_("已保存分配。"), "success")
            return redirect(url_for("reports.show", report_id=report_id))
    return render_template(
        "reports/assign.html",
        **state,
        error=localised(problem) if problem else "",
        error_section_id=problem.details.get("section_id") if problem else None,
        # An error keeps every value entered: the form is shown as it was sent.
        submitted=request.form if problem else None,
    ), (422 if problem else 200)


def _assignment_form(form) -> tuple[date | None, dict[int, workflow.SectionPlan]]:
    """The report deadline and, per section id, its department, deadline and 会签 departments."""
    plans = {}
    for key in form:
        if key.startswith("dept-") and key.removeprefix("dept-").isdigit():
            section_id = int(key.removeprefix("dept-"))
            plans[section_id] = workflow.SectionPlan(
                form.get(key) or None,
                _date(form.get(f"deadline-{section_id}", ""), section_id),
                form.getlist(f"countersign-{section_id}"),
            )
    return _date(form.get("report_deadline", "")), plans


def _date(value: str, section_id: int | None = None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise InvalidInput(
            f"日期格式应为 2026-11-25：{value}",
            code="invalid_date",
            value=value,
            section_id=section_id,
        ) from None
