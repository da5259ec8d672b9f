"""The notification list, mark read / mark all read, and the navbar's unread count."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.services import notifications
from webapp.views import signed_in_only
from webapp.views.notification_text import notification_text

bp = signed_in_only(Blueprint("notifications", __name__, url_prefix="/notifications"))


@bp.app_context_processor
def unread_badge() -> dict:
    # A callable, not a number: only base.html asks, so partials (autosave…) pay no query.
    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        return notifications.unread_count(current_user)

    return {"unread_notifications": unread_notifications}


bp.add_app_template_filter(notification_text)


@bp.get("")
def index():
    page = request.args.get("page", type=int, default=1)
    return render_template(
        "notifications/index.html",
        items=notifications.list_for(current_user, page),
        page=page,
        pages=notifications.page_count(current_user),
    )


@bp.post("/<int:notification_id>/read")
def read(notification_id: int):
    item = notifications.mark_read(current_user, notification_id)
    if request.headers.get("HX-Request"):
        return render_template("notifications/_item.html", item=item, oob_badge=True)
    return redirect(url_for("notifications.index", page=request.form.get("page", 1)))


@bp.post("/<int:notification_id>/open")
def open_link(notification_id: int):
    item = notifications.mark_read(current_user, notification_id)
    # Links are written by our services, but never follow one off-site.
    is_local = item.link.startswith("/") and not item.link.startswith("//")
    return redirect(item.link if is_local else url_for("notifications.index"))


@bp.post("/read-all")
def read_all():
    count = notifications.mark_all_read(current_user)
    flash(_("已将 %(n)s 条通知标为已读", n=count), "success")
    return redirect(url_for("notifications.index"))
