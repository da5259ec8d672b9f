"""Error pages in the user's language; JSON errors under /api/."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from webapp.services.errors import DomainError
from webapp.views.error_messages import localised


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _titles() -> dict[int, str]:
    return {
        400: _("请求无效"),
        401: _("请先登录"),
        403: _("无权访问"),
        404: _("页面不存在"),
        405: _("不支持的请求方法"),
        409: _("内容冲突"),
        413: _("内容过大"),
        422: _("内容无效"),
        429: _("尝试次数过多，请稍后再试"),
        500: _("服务器内部错误"),
    }


# Stable codes for the errors that come from HTTP itself rather than from a service.
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "too_many_requests",
    500: "internal_error",
}


def _render(status: int, message: str, code: str | None = None):
    title = _titles().get(status, _("出错了"))
    if _wants_json():
        code = code or _HTTP_CODES.get(status, "error")
        return jsonify(error=message or title, code=code), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render(400, _("表单已过期或缺少安全令牌，请刷新页面后重试"), "csrf_failed")

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        if _wants_json():
            body = {**error.details, "error": localised(error), "code": error.code}
            return jsonify(body), error.status
        return _render(error.status, localised(error))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        # Werkzeug's stock descriptions are English prose; only custom ones are shown.
        is_custom = error.description != type(error).description
        return _render(error.code or 500, error.description if is_custom else "")

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("unhandled error", exc_info=error)
        return _render(InternalServerError.code, "")
