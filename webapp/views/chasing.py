"""Claiming a section on the review page, and the leader's overdue list with 催办."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.services import chasing, claims
from webapp.services.deadlines import china_today
from webapp.services.errors import Conflict, Forbidden, InvalidInput, TooManyRequests
from webapp.views import signed_in_only
from webapp.views.error_messages import localised

bp = signed_in_only(Blueprint("chasing", __name__))


@bp.post("/sections/<int:section_id>/claim")
def claim(section_id: int):
    try:
        claims.claim(section_id, current_user)
    except (Conflict, Forbidden, InvalidInput) as error:
        flash(localised(error), "error")
    else:
        flash(_("已认领，其他审核人会看到您正在审核。"), "success")
    return redirect(url_for("workflow.review", section_id=section_id))


@bp.post("/sections/<int:section_id>/claim/release")
def release(section_id: int):
    try:
        claims.release(section_id, current_user)
    except Forbidden as error:
        flash(localised(error), "error")
    else:
        flash(_("已放弃认领。"), "success")
    return redirect(url_for("workflow.review", section_id=section_id))


@bp.get("/overdue")
def overdue():
    board = chasing.overdue_by_department(current_user, china_today())
    partial = "chasing/_overdue_list.html" if request.headers.get("HX-Request") else None
    return render_template(partial or "chasing/overdue.html", board=board)


@bp.post("/reports/<int:report_id>/chase")
def chase(report_id: int):
    department = request.form.get("department", "")
    try:
        notified = chasing.chase(report_id, department, current_user, china_today())
    except (InvalidInput, TooManyRequests) as error:
        flash(localised(error), "error")
    else:
        flash(_("已催办，通知了 %(n)s 位拟稿人。", n=notified), "success")
    return redirect(url_for("main.dashboard") + "#overdue")


@bp.app_context_processor
def claim_helpers() -> dict:
    return {"claim_of": claim_of}


def claim_of(section) -> claims.Claim | None:
    """The live claim on a section; a page asks for many of one report, so they are loaded
    once per request and report."""
    loaded = g.setdefault("tonggao_claims", {})
    if section.report_id not in loaded:
        loaded[section.report_id] = claims.claims_in_report(section.report_id)
    return loaded[section.report_id].get(section.id)
