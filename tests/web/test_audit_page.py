"""The audit log admin page: admins only, filters, pagination, sealed state, verify button."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from webapp.extensions import db
from webapp.models import AuditEvent
from webapp.services import audit, audit_log


@pytest.fixture
def admin(login_as):
    return login_as("admin", None)


def event_rows(html: str) -> int:
    return html.count('data-testid="audit-event"')


def record(action: str, object_type: str = "report", object_id: int = 1, actor=None, **payload):
    event_id = audit.record(actor, action, object_type, object_id, **payload)
    db.session.commit()
    return db.session.get(AuditEvent, event_id)


@pytest.mark.parametrize("role", ["drafter", "reviewer", "leader"])
def test_only_admins_see_the_audit_log(client, login_as, role):
    login_as(role)
    assert client.get("/admin/audit").status_code == 403
    assert client.post("/admin/audit/verify").status_code == 403


def test_anonymous_users_are_sent_to_log_in(client):
    assert "/login" in client.get("/admin/audit").headers["Location"]


def test_lists_events_newest_first_with_actor_payload_and_seal_state(client, admin):
    record("report.create", title="某局2026年工作总结", actor=admin)
    audit.seal()
    record("section.submit", "section", 7)
    page = client.get("/admin/audit").text
    table = page[page.index('data-testid="audit-events"') :]
    assert table.index("section.submit") < table.index("report.create")
    assert "某局2026年工作总结" in page and admin.display_name in page
    assert "系统" in page  # the event without an actor
    assert "未封存" in page and "已封存" in page


def test_filters_by_action_actor_object_and_date(client, admin, make_user):
    drafter = make_user("drafter")
    record("section.submit", "section", 7, actor=drafter)
    record("section.submit", "section", 8, actor=admin)
    record("report.create", "report", 7, actor=admin)
    assert event_rows(client.get("/admin/audit?action=section.submit").text) == 2
    assert event_rows(client.get(f"/admin/audit?actor={drafter.username}").text) == 1
    by_object = client.get("/admin/audit?object_type=section&object_id=7").text
    assert event_rows(by_object) == 1 and "提交了《#7》第 ? 版送审" in by_object
    assert event_rows(client.get("/admin/audit?date_from=2001-01-01&date_to=2001-01-02").text) == 0


def test_date_range_uses_beijing_days(app, admin):
    event = record("test.event")
    # 2026-11-24 17:30 UTC is already 25 November in Beijing.
    db.session.execute(
        update(AuditEvent)
        .where(AuditEvent.id == event.id)
        .values(created_at=datetime(2026, 11, 24, 17, 30, tzinfo=UTC))
    )
    db.session.commit()
    on_25th = audit_log.AuditFilter(date_from=datetime(2026, 11, 25).date(), action="test.event")
    on_24th = audit_log.AuditFilter(date_to=datetime(2026, 11, 24).date(), action="test.event")
    assert audit_log.search(on_25th, 1, admin).total == 1
    assert audit_log.search(on_24th, 1, admin).total == 0


def test_pagination_keeps_the_filter(client, admin):
    for i in range(audit_log.PAGE_SIZE + 3):
        audit.record(None, "bulk.event", "report", i)
    db.session.commit()
    first = client.get("/admin/audit?action=bulk.event").text
    assert event_rows(first) == audit_log.PAGE_SIZE and "第 1 页，共 2 页" in first
    assert "page=2" in first and "action=bulk.event" in first
    assert event_rows(client.get("/admin/audit?action=bulk.event&page=2").text) == 3


def test_a_malformed_filter_is_a_clear_422(client, admin):
    response = client.get("/admin/audit?date_from=25/11/2026")
    assert response.status_code == 422 and "起始日期格式应为" in response.text
    assert client.get("/admin/audit?object_id=abc").status_code == 422


def test_verify_button_reports_an_intact_chain(client, admin):
    record("test.event")
    page = client.post("/admin/audit/verify", follow_redirects=True).text
    assert "审计链完整" in page and "未封存 0 条" in page
    assert "未封存</span>" not in page  # verify sealed everything


def test_verify_button_names_the_first_edited_event(client, admin):
    events = [record("test.event", note=str(i)) for i in range(3)]
    audit.seal()
    tampered = events[1].id
    db.session.execute(
        update(AuditEvent).where(AuditEvent.id == tampered).values(payload={"note": "篡改"})
    )
    db.session.commit()
    page = client.post("/admin/audit/verify", follow_redirects=True).text
    assert f"审计链已损坏：第一个异常事件 #{tampered}" in page
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.id == tampered))


def test_events_read_as_sentences_with_the_raw_data_one_click_away(
    client, admin, make_report, make_user
):
    report = make_report()
    drafter = make_user("drafter")
    section = report.sections[1]
    record("revision.save", "section", section.id, actor=drafter, revision=3, base=2)
    record("report.sign_off", "report", report.id, actor=admin)
    page = client.get("/admin/audit").text
    assert f"{drafter.display_name} 保存了《二、存在问题》第 3 版" in page
    assert f"{admin.display_name} 签发了《某局2026年工作总结》" in page
    raw = html.unescape(page[page.index('data-testid="audit-raw"') :])
    assert "<details" in page and '"action": "report.sign_off"' in raw
    assert '<option value="revision.save">保存新版本</option>' in page


def test_unknown_actions_still_read(client, admin):
    record("something.new", "widget", 5, actor=admin)
    page = client.get("/admin/audit").text
    assert f"{admin.display_name} 执行了 something.new（widget #5）" in page


def test_sentences_escape_user_text(client, admin, make_user):
    record("auth.login_failed", "user", None, username="<script>x</script>")
    page = client.get("/admin/audit").text
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_filter_by_section_heading_or_id(client, admin, make_report):
    report = make_report()
    first, second = report.sections
    record("revision.save", "section", first.id, actor=admin, revision=2)
    record("revision.save", "section", second.id, actor=admin, revision=2)
    by_heading = client.get("/admin/audit", query_string={"section": "存在问题"}).text
    assert event_rows(by_heading) == 1 and "《二、存在问题》" in by_heading
    assert event_rows(client.get(f"/admin/audit?section={first.id}").text) == 1
