"""Tried as an office would: an admin deactivates a colleague who is logged in (their next click
lands on the login page, their token gets 401); a cookie replayed after logout is worthless;
the pages run under the Content-Security-Policy without violations."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from support.browser import log_in
from webapp.extensions import db
from webapp.models import Section
from webapp.services import accounts, drafting

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp")


def _api_status(base_url: str, token: str) -> int:
    request = urllib.request.Request(
        f"{base_url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _csp_violations(page: Page) -> list[str]:
    messages: list[str] = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return messages


def test_deactivated_user_is_sent_to_login_and_their_token_dies(
    browser: Browser, page: Page, live_server: str, app
):
    token = accounts.issue_token("drafter")
    assert _api_status(live_server, token) == 200
    drafter_context = browser.new_context(locale="zh-CN")
    drafter = drafter_context.new_page()
    violations = _csp_violations(drafter) + _csp_violations(page)
    log_in(drafter, live_server, "drafter")
    expect(drafter.get_by_role("heading", name="工作台")).to_be_visible()

    log_in(page, live_server, "admin")
    page.get_by_role("link", name="用户", exact=True).click()
    page.get_by_role("link", name="drafter", exact=True).click()
    page.get_by_test_id("deactivate").click()
    expect(page.get_by_test_id("user-state")).to_have_text("已停用")
    page.screenshot(path=str(SCREENSHOTS / "harden-admin-deactivated.png"), full_page=True)

    drafter.get_by_role("link", name="工作台").click()
    expect(drafter).to_have_url(f"{live_server}/login?next=%2F")
    expect(drafter.get_by_role("button", name="登录")).to_be_visible()
    drafter.screenshot(path=str(SCREENSHOTS / "harden-drafter-after-deactivation.png"))
    assert _api_status(live_server, token) == 401
    assert violations == []
    drafter_context.close()


def test_a_cookie_replayed_after_logout_lands_on_the_login_page(
    browser: Browser, page: Page, live_server: str
):
    log_in(page, live_server, "reviewer")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    copied = page.context.cookies()
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_text("已退出登录")).to_be_visible()

    thief_context = browser.new_context(locale="zh-CN")
    thief_context.add_cookies(copied)
    thief = thief_context.new_page()
    thief.goto(f"{live_server}/")
    expect(thief).to_have_url(f"{live_server}/login?next=%2F")
    thief.screenshot(path=str(SCREENSHOTS / "harden-replayed-cookie.png"))
    thief_context.close()


def test_the_editor_and_system_page_work_under_the_csp(page: Page, live_server: str, app):
    preamble = db.session.scalar(select(Section).where(Section.kind == "preamble"))
    body = drafting.head_body(preamble)
    violations = _csp_violations(page)
    log_in(page, live_server, "drafter")
    page.goto(f"{live_server}/sections/{preamble.id}")
    page.get_by_test_id("body").fill(body.replace("坚强领导", "正确领导"))
    page.get_by_test_id("save").click()
    expect(page.get_by_text("已保存为第 2 版")).to_be_visible()
    page.get_by_role("button", name="退出").click()
    log_in(page, live_server, "admin")
    page.get_by_role("link", name="系统状态").click()
    expect(page.get_by_test_id("workers")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "harden-system.png"), full_page=True)
    assert violations == []
