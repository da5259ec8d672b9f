"""On a 390 px phone: a drafter edits and submits a section, the leader finds it through the
collapsed menu and approves it; nothing on the way scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from support.accessibility import sideways_overflow
from support.browser import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _phone(browser: Browser, base_url: str, username: str) -> Page:
    page = browser.new_context(locale="zh-CN", viewport=PHONE, has_touch=True).new_page()
    page.set_default_timeout(15_000)
    log_in(page, base_url, username)
    return page


def test_draft_submit_and_approve_on_a_phone(browser: Browser, live_server: str):
    drafter = _phone(browser, live_server, "drafter")
    expect(drafter.get_by_role("link", name="工作台")).to_be_hidden()  # the menu is collapsed
    drafter.get_by_role("button", name="展开菜单").click()
    expect(drafter.get_by_role("link", name="工作台")).to_be_visible()
    drafter.get_by_test_id("tasks").get_by_role("link").first.click()
    body = drafter.get_by_label("正文")
    expect(body).to_be_visible()
    assert sideways_overflow(drafter) == 0
    body.fill(body.input_value() + "\n手机上补充的一句话。")
    drafter.get_by_test_id("submit").click()
    expect(drafter.get_by_text("已提交审核")).to_be_visible()
    section_url = drafter.url

    leader = _phone(browser, live_server, "leader")
    leader.goto(f"{section_url}/review")
    expect(leader.get_by_test_id("review-changes").locator("ins.diff-ins")).to_contain_text(
        "手机上补充的一句话"
    )
    assert sideways_overflow(leader) == 0
    leader.get_by_test_id("approve").tap()
    expect(leader.get_by_test_id("section-status")).to_have_text("已通过")
    assert sideways_overflow(leader) == 0
