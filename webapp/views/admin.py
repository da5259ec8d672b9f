"""Administration: departments and users (admins only)."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.forms import DepartmentForm, UserForm
from webapp.services import accounts, policy
from webapp.services.errors import DomainError
from webapp.views.error_messages import localised

bp = Blueprint("admin", __name__, url_prefix="/admin")


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not policy.can_manage_users(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def users():
    form = UserForm()
    form.department.choices = [("", "—")] + [
        (d.code, f"{d.name}（{d.code}）") for d in accounts.list_departments()
    ]
    if form.validate_on_submit():
        try:
            accounts.create_user(
                form.username.data,
                form.password.data,
                form.role.data,
                form.department.data or None,
                form.display_name.data,
                actor=current_user,
            )
        except DomainError as error:
            form.username.errors.append(localised(error))
        else:
            flash(_("已创建用户 %(name)s", name=form.username.data), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/users.html", form=form, users=accounts.list_users())


@bp.route("/departments", methods=["GET", "POST"])
@admin_required
def departments():
    form = DepartmentForm()
    if form.validate_on_submit():
        try:
            accounts.create_department(form.code.data, form.name.data, actor=current_user)
        except DomainError as error:
            form.code.errors.append(localised(error))
        else:
            flash(_("已创建部门 %(name)s", name=form.name.data), "success")
            return redirect(url_for("admin.departments"))
    return render_template(
        "admin/departments.html", form=form, departments=accounts.list_departments()
    )
