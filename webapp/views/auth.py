"""Login, logout, changing one's password and the language switch."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from webapp.extensions import limiter
from webapp.forms import LoginForm, PasswordChangeForm
from webapp.services import accounts
from webapp.services.errors import DomainError
from webapp.views.error_messages import localised

bp = Blueprint("auth", __name__)

# Browsers drop tab, CR and LF anywhere in a URL and read "\" as "/": "/\t/evil" is "//evil".
_URL_IGNORED = re.compile(r"[\t\r\n]")
_UNSAFE_IN_PATH = re.compile(r"[\x00-\x1f\x7f\\]")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _address_limit() -> str:
    return current_app.config["LOGIN_ADDRESS_RATE_LIMIT"]


def _account_key() -> str:
    return "login-account:" + request.form.get("username", "").strip().lower()


def _login_failed(response: Response) -> bool:
    # Only failed attempts count against the limit; a successful login redirects.
    return request.method == "POST" and response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"], deduct_when=_login_failed)
@limiter.limit(_login_limit, methods=["POST"], key_func=_account_key, deduct_when=_login_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is not None:
            session.clear()
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append(_("用户名或密码错误"))
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 401


def safe_next(target: str | None) -> str:
    """A same-origin path to go on to, or the dashboard: an open redirect helps phishing.
    The target is parsed the way a browser would read it, and only its path, query and
    fragment are kept; anything that could name another host is refused."""
    fallback = url_for("main.dashboard")
    if not target:
        return fallback
    cleaned = _URL_IGNORED.sub("", target)
    parts = urlsplit(cleaned)
    path = parts.path
    if parts.scheme or parts.netloc or not path.startswith("/"):
        return fallback
    decoded = unquote(path)
    if decoded.startswith("//") or _UNSAFE_IN_PATH.search(decoded) or "\\" in cleaned:
        return fallback
    return urlunsplit(("", "", path, parts.query, parts.fragment))


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    accounts.end_sessions(current_user)
    logout_user()
    session.clear()
    flash(_("已退出登录"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            accounts.change_own_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except DomainError as error:
            form.current_password.errors.append(localised(error))
        else:
            login_user(
                current_user._get_current_object()
            )  # this session carries on; every other one has ended
            flash(_("密码已修改，其他设备上的登录已退出"), "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/password.html", form=form)


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.form.get("next")))
