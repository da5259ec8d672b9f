"""Suggestion pages: propose from the review page, accept or reject in the editor."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.models import Report, Section
from webapp.services import drafting, policy, suggestion_views, suggestions
from webapp.services.errors import Conflict, InvalidInput
from webapp.views import signed_in_only

bp = signed_in_only(Blueprint("suggestions", __name__))


@bp.post("/sections/<int:section_id>/suggestions")
def propose(section_id: int):
    form = request.form
    proposal = suggestions.Proposal(
        form.get("revision", type=int, default=-1),
        form.get("start", type=int, default=-1),
        form.get("end", type=int, default=-1),
        form.get("replacement", ""),
        form.get("note", ""),
    )
    try:
        suggestions.propose(section_id, current_user, proposal)
    except (InvalidInput, Conflict) as error:
        flash(error.message, "error")
    else:
        flash(_("修改建议已提交，等待拟稿人处理。"), "success")
    return redirect(url_for("workflow.review", section_id=section_id) + "#suggestions")


@bp.post("/suggestions/<int:suggestion_id>/accept")
def accept(suggestion_id: int):
    section_id = suggestion_views.section_id_of(suggestion_id)
    try:
        result = suggestions.accept(suggestion_id, current_user)
    except Conflict as error:
        flash(_conflict_message(error), "warning")
    else:
        flash(_("已采纳修改建议，生成第 %(n)s 版。", n=result.revision), "success")
    return _back_to_editor(section_id)


@bp.post("/suggestions/<int:suggestion_id>/reject")
def reject(suggestion_id: int):
    section_id = suggestion_views.section_id_of(suggestion_id)
    try:
        suggestions.reject(suggestion_id, current_user)
    except Conflict as error:
        flash(_conflict_message(error), "warning")
    else:
        flash(_("已拒绝修改建议，正文未改动。"), "info")
    return _back_to_editor(section_id)


def _conflict_message(error: Conflict) -> str:
    if error.code == "suggestion_conflict":
        return _(
            "这条建议无法自动采纳：建议把“%(original)s”改为“%(replacement)s”，"
            "但这里现在是“%(current)s”。请在编辑器中手工修改，或拒绝这条建议。",
            **{key: error.details[key] for key in ("original", "replacement", "current")},
        )
    if error.code == "suggestion_decided":
        return _("这条修改建议已经处理过了。")
    return error.message


def _back_to_editor(section_id: int):
    return redirect(url_for("sections.edit", section_id=section_id) + "#suggestions")


@bp.app_template_global()
def suggestion_panel(section: Section) -> suggestion_views.Panel:
    """For the editor's one-line include: the section's waiting suggestions."""
    return suggestion_views.panel(section, current_user, drafting.head_body(section))


@bp.app_template_global()
def can_suggest(section: Section) -> bool:
    return policy.can_suggest(current_user, section) and not suggestions.is_locked(section)


@bp.app_template_global()
def open_suggestion_counts(report: Report) -> dict[int, int]:
    return suggestion_views.open_counts(report.id)
