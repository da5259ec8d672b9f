"""A demo drafter logs in with a real browser and sees the dashboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from support.browser import log_in

pytestmark = pytest.mark.browser


def test_demo_drafter_logs_in_and_sees_the_dashboard(page: Page, live_server: str, tmp_path):
    log_in(page, live_server, "drafter")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    expect(page.get_by_test_id("whoami")).to_contain_text("李拟稿")
    expect(page.get_by_test_id("reports")).to_contain_text("县发展和改革局2020年工作总结")
    page.screenshot(path=str(tmp_path / "dashboard.png"))


def test_wrong_password_stays_on_the_login_form_with_a_message(page: Page, live_server: str):
    log_in(page, live_server, "drafter", "wrong-password")
    expect(page.get_by_text("用户名或密码错误")).to_be_visible()
    expect(page).to_have_url(f"{live_server}/login")
