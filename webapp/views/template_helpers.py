"""Jinja filters and globals: Chinese dates and numbers, role, status and report-kind names,
policy predicates."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from flask_babel import format_datetime, format_decimal, get_locale
from flask_babel import lazy_gettext as _l

from webapp.services import policy
from webapp.services.deadlines import china_today

ROLE_NAMES = {
    "drafter": _l("拟稿人"),
    "reviewer": _l("审核人"),
    "leader": _l("签发人"),
    "admin": _l("管理员"),
}
STATUS_NAMES = {
    "drafting": _l("起草中"),
    "in_review": _l("审核中"),
    "signed_off": _l("已签发"),
    "final": _l("已定稿"),
    "draft": _l("起草中"),
    "submitted": _l("待审核"),
    "approved": _l("已通过"),
    "changes_requested": _l("退回修改"),
}
# Report.kind stores the Chinese name (the document's own wording); the UI shows it translated.
REPORT_KINDS = {
    "工作总结": _l("工作总结"),
    "年度计划": _l("年度计划"),
    "述职报告": _l("述职报告"),
}


def chinese_date(value: date | datetime | None) -> str:
    """2026年11月25日 in Chinese, 25 Nov 2026 otherwise; datetimes in the Beijing zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, "yyyy年M月d日 HH:mm" if _is_zh() else "d MMM yyyy HH:mm")
    if _is_zh():
        return f"{value.year}年{value.month}月{value.day}日"
    return value.strftime("%d %b %Y")


def chinese_time(value: datetime | None) -> str:
    return format_datetime(value, "HH:mm:ss") if value else ""


def _is_zh() -> bool:
    return str(get_locale()).startswith("zh")


def register(app: Flask) -> None:
    app.jinja_env.filters["cn_date"] = chinese_date
    app.jinja_env.filters["cn_time"] = chinese_time
    app.jinja_env.filters["number"] = format_decimal
    app.jinja_env.filters["role_name"] = lambda role: ROLE_NAMES.get(role, role)
    app.jinja_env.filters["status_name"] = lambda status: STATUS_NAMES.get(status, status)
    app.jinja_env.filters["report_kind"] = lambda kind: REPORT_KINDS.get(kind, kind)
    app.jinja_env.globals["policy"] = policy
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    app.context_processor(lambda: {"today": china_today()})
