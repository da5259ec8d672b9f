"""Workflow pages: submit, the review page with comments and decisions, sign-off."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.services import (
    comments,
    drafting,
    editor,
    policy,
    reports,
    review_page,
    suggestion_views,
    workflow,
)
from webapp.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from webapp.text import diff_render
from webapp.text.highlight import highlight
from webapp.views import signed_in_only

bp = signed_in_only(Blueprint("workflow", __name__))


@bp.post("/sections/<int:section_id>/submit")
def submit(section_id: int):
    if suggestion_views.open_count(section_id) and not request.form.get("open_suggestions_ok"):
        # Ask first: the editor shows the waiting suggestions and a "submit anyway" button.
        return redirect(url_for("sections.edit", section_id=section_id, confirm_submit=1))
    try:
        section = workflow.submit(section_id, current_user)
    except InvalidInput as error:
        flash(error.message, "error")
    else:
        flash(
            _("已提交审核。") if section.status == "submitted" else _("该文字已审核通过。"),
            "success",
        )
        _warn_about_findings(section)
    return redirect(url_for("sections.edit", section_id=section_id))


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
        flash(error.message, "error")
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
    except InvalidInput as error:
        flash(error.message, "error")
    return redirect(url_for("workflow.review", section_id=section_id) + "#comments")


@bp.post("/comments/<int:comment_id>/resolve")
def resolve(comment_id: int):
    comment = comments.resolve(comment_id, current_user)
    return redirect(url_for("workflow.review", section_id=comment.section_id) + "#comments")


@bp.post("/comments/<int:comment_id>/reopen")
def reopen(comment_id: int):
    comment = comments.reopen(comment_id, current_user)
    return redirect(url_for("workflow.review", section_id=comment.section_id) + "#comments")


@bp.post("/reports/<int:report_id>/sign-off")
def sign_off(report_id: int):
    try:
        workflow.sign_off(report_id, current_user)
    except InvalidInput as error:
        flash(error.message, "error")
    else:
        flash(_("报告已签发。"), "success")
    return redirect(url_for("reports.show", report_id=report_id))


@bp.route("/reports/<int:report_id>/assign", methods=["GET", "POST"])
def assign(report_id: int):
    report = reports.get_report(report_id, current_user)
    if not policy.can_assign(current_user):
        raise Forbidden(_("只有管理员和签发人可以分配章节"))
    error = ""
    if request.method == "POST":
        try:
            workflow.plan_report(report.id, current_user, *_assignment_form(request.form))
        except (InvalidInput, NotFound) as problem:
            error = problem.message
        else:
            flash(_("已保存分配。"), "success")
            return redirect(url_for("reports.show", report_id=report.id))
    return render_template(
        "reports/assign.html", **review_page.assignment_state(report), error=error
    ), (422 if error else 200)


def _assignment_form(form) -> tuple[date | None, dict[int, workflow.SectionPlan]]:
    """The report deadline and, per section id, its department, deadline and 会签 departments."""
    plans = {}
    for key in form:
        if key.startswith("dept-") and key.removeprefix("dept-").isdigit():
            section_id = int(key.removeprefix("dept-"))
            plans[section_id] = workflow.SectionPlan(
                form.get(key) or None,
                _date(form.get(f"deadline-{section_id}", "")),
                form.getlist(f"countersign-{section_id}"),
            )
    return _date(form.get("report_deadline", "")), plans


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise InvalidInput(_("日期格式无效：%(v)s", v=value)) from None
