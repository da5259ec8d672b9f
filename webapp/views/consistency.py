"""The report page's consistency panel, loaded on demand (htmx) from its own route."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from webapp.services import consistency
from webapp.views import signed_in_only

bp = signed_in_only(Blueprint("consistency", __name__, url_prefix="/reports"))


@bp.get("/<int:report_id>/consistency")
def panel(report_id: int):
    return render_template(
        "reports/_consistency.html", panel=consistency.panel(report_id, current_user)
    )
