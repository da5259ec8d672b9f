"""Browser steps shared by the Playwright tests."""

from __future__ import annotations

from playwright.sync_api import Page

from webapp.services import demo


def log_in(page: Page, base_url: str, username: str, password: str = demo.DEMO_PASSWORD) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
