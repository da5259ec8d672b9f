"""Next year's report from the report page, and last year's text beside the section editor."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.services import next_year
from webapp.services.errors import Conflict, InvalidInput
from webapp.views import signed_in_only
from webapp.views.error_messages import localised

bp = signed_in_only(Blueprint("next_year", __name__))


@bp.post("/reports/<int:report_id>/next-year")
def create(report_id: int):
    try:
        report = next_year.create(report_id, current_user)
    except Conflict as error:  # made already (a second click): open that one
        flash(localised(error), "info")
        return redirect(url_for("reports.show", report_id=error.details["report_id"]))
    except InvalidInput as error:
        flash(localised(error), "error")
        return redirect(url_for("reports.show", report_id=report_id))
    flash(_("已生成下一年度报告《%(title)s》", title=report.title), "success")
    return redirect(url_for("reports.show", report_id=report.id))


@bp.get("/sections/<int:section_id>/last-year")
def last_year(section_id: int):
    return render_template(
        "sections/_last_year.html", last_year=next_year.last_years_text(section_id, current_user)
    )
