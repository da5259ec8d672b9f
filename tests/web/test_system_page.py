"""The admin system page: workers alive and the oldest queued job, never a 500."""

from __future__ import annotations

from datetime import timedelta

from conftest import TEST_PASSWORD
from support.ports import free_port
from webapp import create_app
from webapp.extensions import db
from webapp.models import AssemblyJob
from webapp.models.types import utcnow


def test_only_admins_see_the_system_page(client, login_as):
    login_as("leader")
    assert client.get("/admin/system").status_code == 403


def test_no_worker_and_the_oldest_queued_job_are_shown(client, login_as, make_report):
    report = make_report()
    db.session.add(
        AssemblyJob(
            report_id=report.id, formats=["pdf"], created_at=utcnow() - timedelta(minutes=7)
        )
    )
    db.session.commit()
    login_as("admin")
    page = client.get("/admin/system")
    assert page.status_code == 200
    assert "没有在线的后台任务进程" in page.text
    assert "最早的任务已等待 7 分钟" in page.text


def test_a_broker_that_is_down_is_a_message_not_a_500(settings, make_user):
    app = create_app({**settings, "BROKER_URL": f"redis://127.0.0.1:{free_port()}/0"})
    client = app.test_client()
    admin = make_user("admin")
    client.post("/login", data={"username": admin.username, "password": TEST_PASSWORD})
    page = client.get("/admin/system")
    assert page.status_code == 200 and "无法连接消息队列" in page.text
