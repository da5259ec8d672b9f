"""In a real browser: search from the navbar, claim a section for review (others see who has
it), and 催办 a late department from the leader's dashboard. Screenshots go to /tmp."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from support.browser import log_in
from webapp import create_app
from webapp.extensions import db
from webapp.models import Report, Section
from webapp.services import accounts, drafting, workflow
from webapp.services.deadlines import china_today

pytestmark = pytest.mark.browser

SHOTS = "/tmp/scale-browser"


def _page_as(browser: Browser, base_url: str, username: str) -> Page:
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    log_in(page, base_url, username)
    return page


@pytest.fixture
def submitted_and_late(settings: dict, live_server: str) -> int:
    """The demo report, overdue, with a section of 综合规划股 submitted for review."""
    app = create_app(settings)
    with app.app_context():
        report = db.session.scalar(select(Report))
        report.deadline = china_today() - timedelta(days=2)
        drafter = accounts.user_by_name("drafter")
        section = db.session.scalar(
            select(Section)
            .where(Section.department_id == drafter.department_id, Section.status == "draft")
            .order_by(Section.position.desc())
        )
        drafting.save_revision(
            section.id, drafter, section.head_revision, "全面推行“一网通办”，审批提速。"
        )
        workflow.submit(section.id, drafter)
        section_id = section.id
        db.session.remove()
        db.engine.dispose()
    return section_id


def test_search_claim_and_chase(browser: Browser, live_server: str, submitted_and_late: int):
    leader = _page_as(browser, live_server, "leader")
    box = leader.get_by_test_id("navbar-search")
    box.fill("营商环境")
    box.press("Enter")
    hits = leader.get_by_test_id("search-hit")
    expect(hits.first).to_be_visible()
    expect(hits.first.locator("mark").first).to_have_text("营商环境")
    leader.screenshot(path=f"{SHOTS}-search.png", full_page=True)
    hits.first.locator("a").first.click()
    expect(leader).to_have_url(re.compile(r"/sections/\d+$"))

    reviewer = _page_as(browser, live_server, "reviewer")
    reviewer.goto(f"{live_server}/sections/{submitted_and_late}/review")
    reviewer.get_by_test_id("claim").click()
    expect(reviewer.get_by_test_id("claim-badge")).to_have_text("正在审核：张审核")
    reviewer.screenshot(path=f"{SHOTS}-claimed.png")

    leader.goto(f"{live_server}/sections/{submitted_and_late}/review")
    expect(leader.get_by_test_id("claim-badge")).to_have_text("正在审核：张审核")
    leader.goto(f"{live_server}/reports/1")
    expect(leader.get_by_test_id("claim-badge")).to_have_text("正在审核：张审核")
    leader.screenshot(path=f"{SHOTS}-report.png", full_page=True)
    leader.goto(f"{live_server}/")
    zonghe = leader.locator('[data-testid="overdue-department"][data-department="zonghe"]')
    expect(zonghe).to_be_visible()
    leader.screenshot(path=f"{SHOTS}-overdue.png", full_page=True)
    zonghe.get_by_test_id("chase").click()
    expect(leader.get_by_text("已催办，通知了 1 位拟稿人。")).to_be_visible()
    expect(zonghe.get_by_test_id("chased")).to_be_visible()
    leader.screenshot(path=f"{SHOTS}-chased.png", full_page=True)

    drafter = _page_as(browser, live_server, "drafter")
    drafter.goto(f"{live_server}/notifications")
    expect(drafter.get_by_test_id("notification").first).to_contain_text("王局长催办")
