"""The report page: every section with its department, status and latest revision."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from webapp.services import reports

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.get("/<int:report_id>")
@login_required
def show(report_id: int):
    report = reports.get_report(report_id, current_user)
    rows = reports.section_rows(report.id)
    return render_template(
        "reports/show.html", report=report, rows=rows, numbers=reports.section_numbers(rows)
    )
