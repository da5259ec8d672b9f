"""Drafters in a real browser: save and see the track-changes diff; resolve a conflict."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from support.accessibility import axe_violations
from support.browser import log_in
from webapp.extensions import db
from webapp.models import Section
from webapp.services import drafting

pytestmark = pytest.mark.browser


@pytest.fixture
def preamble(app, live_server) -> Section:
    """The demo report's preamble, assigned to the 综合规划股 (zonghe) drafter and reviewer."""
    return db.session.scalar(select(Section).where(Section.kind == "preamble"))


def test_drafter_saves_and_sees_the_inline_diff(page: Page, live_server: str, preamble: Section):
    body = drafting.head_body(preamble)
    log_in(page, live_server, "drafter")
    page.goto(f"{live_server}/sections/{preamble.id}")
    page.get_by_test_id("body").fill(body.replace("坚强领导", "正确领导"))
    page.get_by_test_id("save").click()
    expect(page.get_by_text("已保存为第 2 版")).to_be_visible()
    page.get_by_role("link", name="第 2 版").first.click()
    diff = page.get_by_test_id("diff-inline")
    expect(diff.locator("del.diff-del")).to_have_text("坚强")
    expect(diff.locator("ins.diff-ins")).to_have_text("正确")


def test_second_editor_resolves_a_conflict(browser: Browser, live_server: str, preamble: Section):
    body = drafting.head_body(preamble)
    first = browser.new_context(locale="zh-CN").new_page()
    second = browser.new_context(locale="zh-CN").new_page()
    log_in(first, live_server, "drafter")
    log_in(second, live_server, "reviewer")
    for page in (first, second):
        page.goto(f"{live_server}/sections/{preamble.id}")
    first.get_by_test_id("body").fill(body.replace("坚强领导", "正确领导"))
    first.get_by_test_id("save").click()
    expect(first.get_by_text("已保存为第 2 版")).to_be_visible()

    second.get_by_test_id("body").fill(body.replace("坚强领导", "坚强有力领导"))
    second.get_by_test_id("save").click()
    expect(second.get_by_test_id("conflict-view")).to_be_visible()
    expect(second.get_by_test_id("conflict-head")).to_contain_text("正确")
    expect(second.get_by_test_id("conflict-theirs")).to_contain_text("有力")
    assert axe_violations(second) == []  # the page reached only by a conflict is accessible
    second.get_by_test_id("resolve-body").fill(body.replace("坚强领导", "正确有力领导"))
    second.get_by_test_id("resolve-save").click()
    expect(second.get_by_text("已保存为第 3 版")).to_be_visible()
    expect(second.get_by_test_id("body")).to_have_value(body.replace("坚强领导", "正确有力领导"))
    first.context.close()
    second.context.close()
