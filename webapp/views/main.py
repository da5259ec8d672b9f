"""The dashboard: what the signed-in user has to do."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from webapp.services import dashboards

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def dashboard():
    return render_template("main/dashboard.html", board=dashboards.for_user(current_user))
