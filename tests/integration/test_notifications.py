"""Notifications: who hears of what, dedupe, e-mail copies queued only after commit, reminders."""

from __future__ import annotations

import base64
import socketserver
import threading
import time
from datetime import date, timedelta
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from flask import Flask
from sqlalchemy import select

from conftest import simple_outline
from support.ports import free_port
from webapp.extensions import db
from webapp.models import Notification, Report, Section, User
from webapp.services import deadlines, drafting, mail, notifications, reports, signoff, workflow
from webapp.services.errors import NotFound
from workers import celery_app, init_celery

TEXT = "全年实现地区生产总值120亿元，同比增长5.2%。"
TODAY = date(2026, 11, 25)


@pytest.fixture
def people(make_department, make_user) -> dict:
    own, cosign, other = (make_department(code) for code in ("zonghe", "caiwu", "xiangmu"))
    return {
        "own": own,
        "cosign": cosign,
        "drafter": make_user("drafter", own),
        "drafter2": make_user("drafter", own),
        "reviewer": make_user("reviewer", own),
        "reviewer2": make_user("reviewer", own),
        "cosign_reviewer": make_user("reviewer", cosign),
        "cosign_drafter": make_user("drafter", cosign),
        "other_drafter": make_user("drafter", other),
        "other_reviewer": make_user("reviewer", other),
        "leader": make_user("leader", None),
        "leader2": make_user("leader", None),
        "admin": make_user("admin", None),
    }


@pytest.fixture
def report(people) -> Report:
    outline = simple_outline(("总体情况", TEXT), ("存在问题", "短板仍然明显。"))
    report = reports.create_from_outline(outline, people["admin"])
    for section in report.sections:
        section.department = people["own"]
    db.session.commit()
    return report


@pytest.fixture
def section(report) -> Section:
    return sorted(report.sections, key=lambda s: s.position)[0]


@pytest.fixture
def mail_queue(app):
    """The in-memory broker's task queue, emptied first (it lives as long as the process)."""
    drain_queue()
    return drain_queue


def drain_queue() -> list[tuple[str, str, str]]:
    """(to, subject, body) of every send_email message waiting in the in-memory broker."""
    found = []
    with celery_app.connection_for_read() as connection:
        queue = connection.SimpleQueue("tonggao")
        while True:
            try:
                message = queue.get(block=False)
            except queue.Empty:
                break
            message.ack()
            if message.headers["task"] == "workers.tasks.send_email":
                found.append(tuple(message.payload[0]))
        queue.close()
    return found


def inbox(user: User) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def who_got(people: dict, kind: str) -> set[str]:
    return {
        name
        for name, user in people.items()
        if isinstance(user, User) and any(n.kind == kind for n in inbox(user))
    }


def submitted_section(section: Section, people: dict) -> Section:
    drafting.save_revision(section.id, people["drafter"], 1, TEXT + "补充。")
    return workflow.submit(section.id, people["drafter"])


# --- who gets what -------------------------------------------------------------------------


def test_submitting_notifies_reviewers_and_asks_countersign_departments_to_countersign(
    section, people
):
    workflow.assign(section.id, people["admin"], countersign_codes=["caiwu"])
    submitted_section(section, people)
    assert who_got(people, "section_submitted") == {"reviewer", "reviewer2"}
    assert who_got(people, "countersign_requested") == {"cosign_reviewer"}
    message = inbox(people["reviewer"])[0]
    assert message.message == "《某局2026年工作总结》总体情况已提交审核"
    assert message.link == f"/sections/{section.id}/review" and message.read_at is None
    asked = inbox(people["cosign_reviewer"])[0]
    assert asked.message == "请会签：《某局2026年工作总结》总体情况"
    assert asked.link == f"/sections/{section.id}/review"


def test_assigning_a_section_notifies_the_active_drafters_of_the_new_department(
    section, people, make_department, make_user
):
    new_department = make_department("bangongshi")
    drafter, gone = make_user("drafter", new_department), make_user("drafter", new_department)
    gone.active = False
    db.session.commit()
    workflow.assign(section.id, people["leader"], department_code="bangongshi")
    assert [n.kind for n in inbox(drafter)] == ["section_assigned"]
    assert inbox(drafter)[0].message == "《某局2026年工作总结》总体情况已分配给本部门起草"
    assert inbox(gone) == [] and who_got(people, "section_assigned") == set()


def test_requesting_changes_notifies_the_drafters_and_not_the_reviewer(section, people):
    submitted_section(section, people)
    workflow.decide(section.id, people["reviewer"], 2, "request_changes", "请补充数据来源")
    assert who_got(people, "changes_requested") == {"drafter", "drafter2"}
    assert inbox(people["drafter"])[-1].link == f"/sections/{section.id}"


def test_approval_notifies_the_drafters_once_the_section_is_approved(section, people):
    submitted_section(section, people)
    workflow.decide(section.id, people["reviewer"], 2, "approve")
    assert who_got(people, "section_approved") == {"drafter", "drafter2"}
    assert "已审核通过" in inbox(people["drafter2"])[-1].message


def test_the_actor_is_never_notified_of_their_own_action(section, people):
    drafting.save_revision(section.id, people["drafter"], 1, TEXT + "补充。")
    notifications.on_section_event(section, "changes_requested", people["drafter"])
    assert inbox(people["drafter"]) == [] and len(inbox(people["drafter2"])) == 1


def test_final_ready_reaches_leaders_admins_the_departments_and_the_requester(report, people):
    notifications.on_report_event(report, "final_ready", people["leader"])
    db.session.commit()
    expected = {"drafter", "drafter2", "reviewer", "reviewer2", "leader", "leader2", "admin"}
    assert who_got(people, "report_final_ready") == expected
    assert "定稿文件已生成" in inbox(people["leader"])[0].message


def test_signing_off_notifies_everyone_concerned(report, people):
    for section in report.sections:
        drafting.save_revision(section.id, people["drafter"], 1, f"{section.heading}：{TEXT}")
        workflow.submit(section.id, people["drafter"])
        workflow.decide(section.id, people["reviewer"], 2, "approve")
    signoff.sign_off(report.id, people["leader"])
    assert who_got(people, "report_signed_off") == {
        "drafter",
        "drafter2",
        "reviewer",
        "reviewer2",
        "leader2",
        "admin",
    }  # not the leader who signed
    assert inbox(people["admin"])[0].message == "《某局2026年工作总结》已签发"


def test_unknown_events_are_programming_errors(section, people):
    with pytest.raises(ValueError):
        notifications.on_section_event(section, "deleted", people["admin"])


# --- dedupe and the transaction --------------------------------------------------------------


def test_a_dedupe_key_notifies_each_user_once_even_across_transactions(people):
    users = [people["drafter"], people["drafter2"]]
    assert notifications.add(users, "test", "第一次", dedupe_key="reminder:1") == 2
    assert notifications.add(users, "test", "同一事务再发", dedupe_key="reminder:1") == 0
    db.session.commit()
    assert (
        notifications.add([*users, people["reviewer"]], "test", "再发", dedupe_key="reminder:1")
        == 1
    )
    db.session.commit()
    assert [n.message for n in inbox(people["drafter"])] == ["第一次"]
    assert [n.message for n in inbox(people["reviewer"])] == ["再发"]


def test_inactive_users_and_duplicates_in_the_list_are_skipped(people):
    people["drafter2"].active = False
    db.session.commit()
    notifications.notify([people["drafter"], people["drafter"], people["drafter2"]], "test", "消息")
    db.session.commit()
    assert len(inbox(people["drafter"])) == 1 and inbox(people["drafter2"]) == []


def test_notifications_are_part_of_the_callers_transaction(people, mail_queue):
    notifications.notify([people["drafter"]], "test", "不会保存")
    db.session.rollback()
    assert inbox(people["drafter"]) == []
    db.session.commit()  # a later commit must not send the rolled-back e-mail either
    assert mail_queue() == []


def test_the_email_copy_is_queued_after_commit_and_not_before(people, mail_queue, app):
    app.config["PUBLIC_URL"] = "https://tonggao.example.gov.cn/"
    notifications.notify([people["drafter"]], "test", "请起草总体情况", "/sections/7")
    db.session.flush()
    assert mail_queue() == []
    db.session.commit()
    to, subject, body = mail_queue()[0]
    assert to == f"{people['drafter'].username}@localhost"
    assert subject == "【统稿】请起草总体情况"
    assert body == "请起草总体情况\n\nhttps://tonggao.example.gov.cn/sections/7"


def test_a_username_that_is_an_address_is_used_as_is(make_department, make_user, mail_queue):
    user = make_user("drafter", make_department(), username="li.ming@example.gov.cn")
    notifications.notify([user], "test", "消息")
    db.session.commit()
    assert [to for to, _subject, _body in mail_queue()] == ["li.ming@example.gov.cn"]


def test_mail_backend_none_queues_nothing(people, mail_queue, app):
    app.config["MAIL_BACKEND"] = "none"
    notifications.notify([people["drafter"]], "test", "只在站内")
    db.session.commit()
    assert mail_queue() == [] and len(inbox(people["drafter"])) == 1


def test_a_broker_outage_does_not_fail_the_action(app, people, caplog):
    app.config["BROKER_URL"] = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    init_celery(app)
    notifications.notify([people["drafter"]], "test", "代理不可用")
    db.session.commit()
    assert [n.message for n in inbox(people["drafter"])] == ["代理不可用"]
    assert "not queued" in caplog.text


def test_a_real_worker_sends_the_copy_through_the_console_backend(people, mail_queue, capsys):
    from celery.contrib.testing.worker import start_worker

    output = ""
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        notifications.notify([people["reviewer"]], "test", "《报告》总体情况已提交审核")
        db.session.commit()
        deadline = time.monotonic() + 20
        while "已提交审核" not in output and time.monotonic() < deadline:
            time.sleep(0.1)
            output += capsys.readouterr().out
    assert f"To: {people['reviewer'].username}@localhost" in output
    assert "Subject: 【统稿】《报告》总体情况已提交审核" in output


# --- reading ---------------------------------------------------------------------------------


def test_unread_count_and_marking_read(people):
    user, other = people["drafter"], people["drafter2"]
    for i in range(3):
        notifications.notify([user, other], "test", f"消息{i}")
    db.session.commit()
    assert notifications.unread_count(user) == 3
    newest = notifications.list_for(user, 1)[0]
    assert newest.message == "消息2"
    notifications.mark_read(user, newest.id)
    assert notifications.unread_count(user) == 2
    with pytest.raises(NotFound):
        notifications.mark_read(other, newest.id)
    assert notifications.mark_all_read(user) == 2
    assert notifications.unread_count(user) == 0 and notifications.unread_count(other) == 3


def test_list_is_paginated_newest_first(people):
    user = people["drafter"]
    for i in range(notifications.PAGE_SIZE + 2):
        notifications.notify([user], "test", f"消息{i}")
    db.session.commit()
    first, second = notifications.list_for(user, 1), notifications.list_for(user, 2)
    assert len(first) == notifications.PAGE_SIZE and [n.message for n in second] == [
        "消息1",
        "消息0",
    ]
    assert notifications.page_count(user) == 2


# --- deadline reminders ----------------------------------------------------------------------


def set_deadline(section: Section, deadline: date | None) -> None:
    section.deadline = deadline
    db.session.commit()


def test_a_section_due_within_two_days_reminds_its_drafters(section, people):
    set_deadline(section, TODAY + timedelta(days=2))
    assert deadlines.remind(TODAY) == 2
    assert who_got(people, "deadline_soon") == {"drafter", "drafter2"}
    assert inbox(people["drafter"])[0].message == (
        "《某局2026年工作总结》总体情况将于2026年11月27日截止，还有 2 天"
    )


def test_a_section_due_in_three_days_is_not_reminded_yet(section, people):
    set_deadline(section, TODAY + timedelta(days=3))
    assert deadlines.remind(TODAY) == 0


def test_an_overdue_section_is_reminded_once_a_day(section, people):
    set_deadline(section, TODAY - timedelta(days=1))
    assert deadlines.remind(TODAY) == 2
    assert deadlines.remind(TODAY) == 0
    assert deadlines.remind(TODAY + timedelta(days=1)) == 2
    assert [n.kind for n in inbox(people["drafter"])] == ["overdue", "overdue"]
    assert "已逾期（截止日期：2026年11月24日）" in inbox(people["drafter"])[0].message


def test_the_report_deadline_applies_to_sections_without_their_own(report, people):
    report.deadline = TODAY
    db.session.commit()
    assert deadlines.remind(TODAY) == 4  # two sections, two drafters each
    assert "今天截止" in inbox(people["drafter"])[0].message


def test_approved_sections_and_signed_off_reports_get_no_reminder(report, section, people):
    report.deadline = TODAY - timedelta(days=5)
    section.status = "approved"
    db.session.commit()
    assert deadlines.remind(TODAY) == 2  # only the other section
    report.status = "signed_off"
    db.session.commit()
    assert deadlines.remind(TODAY + timedelta(days=1)) == 0


def test_a_submitted_section_reminds_its_reviewers_instead(section, people):
    workflow.assign(section.id, people["admin"], countersign_codes=["caiwu"])
    submitted_section(section, people)
    set_deadline(section, TODAY + timedelta(days=1))
    deadlines.remind(TODAY)
    assert who_got(people, "deadline_soon") == {"reviewer", "reviewer2", "cosign_reviewer"}
    assert inbox(people["reviewer"])[-1].link == f"/sections/{section.id}/review"


def test_the_reminder_task_is_on_the_beat_schedule(app):
    entry = celery_app.conf.beat_schedule["remind-deadlines"]
    assert entry["task"] == "workers.tasks.remind_deadlines"
    assert entry["schedule"] == app.config["DEADLINE_SCAN_INTERVAL_S"] == 3600


# --- mail backends ---------------------------------------------------------------------------


@pytest.fixture
def mail_app():
    """Mail needs configuration only, no database."""
    app = Flask(__name__)
    app.config.update(
        MAIL_BACKEND="console",
        MAIL_FROM="tonggao@example.gov.cn",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=0,
        SMTP_STARTTLS=False,
        SMTP_USERNAME="",
        SMTP_PASSWORD="",
        SMTP_TIMEOUT_S=5.0,
    )
    with app.app_context():
        yield app


def test_console_backend_prints_the_readable_message(mail_app, capsys):
    mail.send("li@example.gov.cn", "【统稿】总体情况已提交审核", "请审核。\n\n/sections/1/review")
    out = capsys.readouterr().out
    assert "To: li@example.gov.cn" in out and "Subject: 【统稿】总体情况已提交审核" in out
    assert "请审核。" in out and "/sections/1/review" in out


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (EHLO, AUTH PLAIN, MAIL, RCPT, DATA) to receive one message."""

    def handle(self) -> None:
        self.wfile.write(b"220 test ESMTP\r\n")
        while line := self.rfile.readline():
            command = line.split(b" ", 1)[0].strip().upper()
            if command == b"EHLO":
                self.wfile.write(b"250-test\r\n250-8BITMIME\r\n250 AUTH PLAIN\r\n")
            elif command == b"AUTH":
                self.server.received["auth"] = base64.b64decode(line.split()[2])
                self.wfile.write(b"235 ok\r\n")
            elif command == b"RCPT":
                self.server.received.setdefault("rcpt", []).append(line.split(b":", 1)[1].strip())
                self.wfile.write(b"250 ok\r\n")
            elif command == b"DATA":
                self.wfile.write(b"354 go\r\n")
                self.server.received["data"] = self._read_data()
                self.wfile.write(b"250 queued\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")

    def _read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) != b".\r\n":
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.received = {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_smtp_backend_logs_in_and_delivers_utf8_mail(mail_app, smtp_server):
    mail_app.config.update(
        MAIL_BACKEND="smtp",
        SMTP_PORT=smtp_server.server_address[1],
        SMTP_USERNAME="tonggao",
        SMTP_PASSWORD="s3cret",
    )
    mail.send("li@example.gov.cn", "【统稿】总体情况已审核通过", "正文：已通过。")
    received = smtp_server.received
    assert received["auth"] == b"\0tonggao\0s3cret"
    assert received["rcpt"] == [b"<li@example.gov.cn>"]
    message = message_from_bytes(received["data"])
    assert str(make_header(decode_header(message["Subject"]))) == "【统稿】总体情况已审核通过"
    assert message.get_payload(decode=True).decode("utf-8").strip() == "正文：已通过。"


def test_smtp_backend_raises_when_the_server_is_down(mail_app):
    mail_app.config.update(MAIL_BACKEND="smtp", SMTP_PORT=free_port())
    with pytest.raises(OSError):
        mail.send("li@example.gov.cn", "主题", "正文")
