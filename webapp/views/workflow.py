"""Workflow pages: submit, the review page with comments and decisions, sign-off."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.services import comments, review_page, workflow
from webapp.services.errors import Conflict, InvalidInput
from webapp.text import diff_render
from webapp.text.highlight import highlight

bp = Blueprint("workflow", __name__)


@bp.before_request
@login_required
def require_login():
    return None


@bp.post("/sections/<int:section_id>/submit")
def submit(section_id: int):
    try:
        section = workflow.submit(section_id, current_user)
    except InvalidInput as error:
        flash(error.message, "error")
    else:
        flash(
            _("已提交审核。") if section.status == "submitted" else _("该文字已审核通过。"),
            "success",
        )
    return redirect(url_for("sections.edit", section_id=section_id))


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
