"""In a real browser: the consistency panel on an imported report with two planted mistakes and
on the correct demo report; next year's report drafted with last year's text beside the editor.

Screenshots go to $TONGGAO_SCREENSHOTS (default /tmp) for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from support.browser import log_in
from webapp.extensions import db
from webapp.models import Report

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(os.environ.get("TONGGAO_SCREENSHOTS", "/tmp"))
INCONSISTENT = """县教育局2021年工作总结
一、办学条件持续改善
全年新建学校12所，新增学位5400个，完成薄弱学校改造23所。
二、重点项目扎实推进
新建学校15所，总投资3.6亿元。力争2021年建成县一中新校区。
"""


def _page_as(browser: Browser, base_url: str, username: str) -> Page:
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    log_in(page, base_url, username)
    return page


def test_panel_lists_both_planted_mistakes_with_links(browser: Browser, live_server: str):
    admin = _page_as(browser, live_server, "admin")
    admin.goto(f"{live_server}/reports/import")
    admin.get_by_label("或粘贴全文").fill(INCONSISTENT)
    admin.get_by_role("button", name="识别章节").click()
    admin.get_by_test_id("confirm-import").click()
    expect(admin.get_by_text("已导入报告，共 2 个章节")).to_be_visible()
    admin.get_by_test_id("consistency-run").click()
    findings = admin.get_by_test_id("consistency-finding")
    expect(findings).to_have_count(2)
    expect(findings.nth(0)).to_contain_text("新建学校")
    expect(findings.nth(0).get_by_role("link", name="一、办学条件持续改善")).to_be_visible()
    expect(findings.nth(0).get_by_role("link", name="二、重点项目扎实推进")).to_be_visible()
    expect(findings.nth(1)).to_contain_text("2022年")
    admin.get_by_test_id("consistency-panel").screenshot(
        path=str(SCREENSHOTS / "consistency-findings.png")
    )
    admin.set_viewport_size({"width": 390, "height": 844})
    panel = admin.get_by_test_id("consistency-panel")
    assert panel.evaluate("element => element.scrollWidth <= element.clientWidth")
    panel.screenshot(path=str(SCREENSHOTS / "consistency-findings-390.png"))
    findings.nth(0).get_by_role("link", name="二、重点项目扎实推进").click()
    expect(admin.get_by_test_id("section-heading")).to_have_text("二、重点项目扎实推进")


def test_correct_demo_report_raises_nothing(browser: Browser, live_server: str, app):
    report_id = db.session.scalar(select(Report.id))
    leader = _page_as(browser, live_server, "leader")
    leader.goto(f"{live_server}/reports/{report_id}")
    leader.get_by_test_id("consistency-run").click()
    expect(leader.get_by_test_id("consistency-clean")).to_be_visible()
    expect(leader.get_by_test_id("consistency-finding")).to_have_count(0)
    leader.screenshot(path=str(SCREENSHOTS / "consistency-clean-report.png"), full_page=True)


def test_next_year_drafted_beside_last_years_text(browser: Browser, live_server: str, app):
    report_id = db.session.scalar(select(Report.id))
    leader = _page_as(browser, live_server, "leader")
    leader.goto(f"{live_server}/reports/{report_id}")
    leader.get_by_test_id("next-year").click()
    expect(leader.get_by_test_id("report-title")).to_have_text(
        "县发展和改革局2021年工作总结和2022年工作思路"
    )
    first_link = leader.get_by_test_id("sections").get_by_role("link").first
    section_url = first_link.get_attribute("href")

    drafter = _page_as(browser, live_server, "drafter")
    drafter.goto(f"{live_server}{section_url}")
    expect(drafter.get_by_test_id("body")).to_have_value("")
    last_year = drafter.get_by_test_id("last-year-text")
    expect(last_year).to_contain_text("2020年，县发改局")
    expect(last_year).to_have_attribute("readonly", "")
    drafter.get_by_test_id("body").fill(
        "2021年，县发改局在县委、县政府的坚强领导下，较好完成了全年目标任务。"
    )
    drafter.get_by_test_id("save").click()
    expect(drafter.get_by_text("已保存为第 1 版")).to_be_visible()
    expect(drafter.get_by_test_id("last-year-text")).to_be_visible()
    drafter.screenshot(path=str(SCREENSHOTS / "next-year-editor.png"), full_page=True)
