"""Administration: departments and users (admins only)."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.forms import DepartmentForm, PasswordResetForm, UserForm
from webapp.services import accounts, policy, system_status
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


@bp.get("/users/<int:user_id>")
@admin_required
def user(user_id: int):
    return _user_page(accounts.get_user(user_id), PasswordResetForm())


def _user_page(shown, form: PasswordResetForm):
    return render_template(
        "admin/user.html",
        shown=shown,
        form=form,
        tokens=accounts.list_tokens(shown.username),
        token_state=accounts.token_state,
    )


@bp.post("/users/<int:user_id>/deactivate")
@admin_required
def deactivate(user_id: int):
    shown = accounts.deactivate(accounts.get_user(user_id).username, actor=current_user)
    flash(_("已停用 %(name)s：其登录会话和 API 令牌已全部失效", name=shown.username), "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post("/users/<int:user_id>/activate")
@admin_required
def activate(user_id: int):
    shown = accounts.reactivate(accounts.get_user(user_id).username, actor=current_user)
    flash(_("已启用 %(name)s", name=shown.username), "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post("/users/<int:user_id>/password")
@admin_required
def reset_password(user_id: int):
    shown, form = accounts.get_user(user_id), PasswordResetForm()
    if not form.validate_on_submit():
        return _user_page(shown, form), 422
    accounts.reset_password(shown.username, form.new_password.data, actor=current_user)
    flash(_("已重设 %(name)s 的密码，其登录会话已全部失效", name=shown.username), "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post("/users/<int:user_id>/tokens/<int:token_id>/revoke")
@admin_required
def revoke_token(user_id: int, token_id: int):
    accounts.revoke_token(accounts.get_user(user_id).username, token_id, actor=current_user)
    flash(_("已吊销令牌 %(id)s", id=token_id), "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.get("/system")
@admin_required
def system():
    return render_template(
        "admin/system.html",
        workers=system_status.workers(),
        oldest_wait=system_status.oldest_queued_job_age(),
    )


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
