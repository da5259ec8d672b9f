"""Notifications stored in Chinese read in English for an English reader, for every kind the
services write, with the stored values (titles, headings, dates, reasons) kept."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext

import webapp
from webapp.extensions import db
from webapp.models import Notification
from webapp.services import notifications, workflow
from webapp.views.notification_text import KIND_MESSAGES, notification_text

SERVICES = Path(webapp.__file__).parent / "services"
VALUES = {
    "report": "某局2026年工作总结",
    "section": "一、总体情况",
    "reason": "数字有误",
    "date": "2026年11月24日",
    "days": "3",
}
ALL_MSGIDS = [msgid for msgids in KIND_MESSAGES.values() for msgid in msgids]


def _notification_msgids() -> set[str]:
    """Every notification message the services pass to gettext (not the mail's subject)."""
    found = set()
    for name in ("notifications.py", "deadlines.py"):
        tree = ast.parse((SERVICES / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_":
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and first.value.startswith(("《", "请会签")):
                    found.add(first.value)
    return found


def test_the_table_knows_every_message_the_services_write():
    assert _notification_msgids() == set(ALL_MSGIDS)


@pytest.mark.parametrize("msgid", ALL_MSGIDS)
def test_each_kind_reads_in_english_with_its_values(app, msgid):
    kind = next(kind for kind, msgids in KIND_MESSAGES.items() if msgid in msgids)
    item = Notification(kind=kind, message=msgid % VALUES)
    with app.test_request_context(), force_locale("en"):
        english = notification_text(item)
        assert english == gettext(msgid, **VALUES)
    assert english != item.message
    for name, value in VALUES.items():
        if f"%({name})s" in msgid:
            assert value in english


def test_unknown_wording_and_chinese_readers_see_the_stored_text(app):
    odd = Notification(kind="section_submitted", message="旧版措辞的通知")
    known = Notification(kind="report_signed_off", message="《报告》已签发")
    with app.test_request_context(), force_locale("en"):
        assert notification_text(odd) == "旧版措辞的通知"
    with app.test_request_context(), force_locale("zh_CN"):
        assert notification_text(known) == "《报告》已签发"


def test_an_english_reviewer_reads_a_real_submission_in_english(
    client, login, make_user, make_report, make_department
):
    department = make_department("zonghe")
    report = make_report(department=department)
    drafter = make_user("drafter", department)
    reviewer = make_user("reviewer", department)
    workflow.submit(report.sections[0].id, drafter)
    db.session.commit()
    assert "已提交审核" in notifications.list_for(reviewer, 1)[0].message
    login(reviewer)
    client.post("/lang/en", data={"next": "/"})
    page = client.get("/notifications").text
    assert "总体情况" in page and "已提交审核" not in page
