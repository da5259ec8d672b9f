"""The audit log admin page: filtered, paginated events and the "verify chain" button."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.services import audit_log
from webapp.views.admin import admin_required

bp = Blueprint("audit_log", __name__, url_prefix="/admin/audit")


@bp.get("")
@admin_required
def index():
    wanted = audit_log.parse_filter(request.args)
    page = request.args.get("page", type=int, default=1)
    return render_template(
        "admin/audit.html", wanted=wanted, result=audit_log.search(wanted, page, current_user)
    )


@bp.post("/verify")
@admin_required
def verify():
    result = audit_log.verify_chain(current_user)
    if result.is_intact:
        flash(
            _(
                "审计链完整：已校验 %(checked)s 条，未封存 %(unsealed)s 条",
                checked=result.checked,
                unsealed=result.unsealed,
            ),
            "success",
        )
    else:
        flash(
            _(
                "审计链已损坏：第一个异常事件 #%(id)s（%(problem)s）",
                id=result.first_bad_id,
                problem=result.problem,
            ),
            "error",
        )
    return redirect(url_for("audit_log.index"))
