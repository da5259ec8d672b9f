"""The whole journey in a real browser: import and assign → draft and submit in two departments
→ review with an anchored comment → revise → approve only what changed → leader signs off."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from support.browser import log_in

pytestmark = pytest.mark.browser

REPORT_TEXT = """某县发改局2026年工作总结
一、综合工作
全年完成综合协调任务，统筹推进各项工作。
二、项目工作
全年谋划储备重大项目，项目建设提速提效。
"""


def _page_as(browser: Browser, base_url: str, username: str) -> Page:
    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    log_in(page, base_url, username)
    return page


def _select_in_review_text(page: Page, quote: str) -> None:
    page.evaluate(
        """(quote) => {
            const box = document.getElementById('review-text');
            const text = box.firstChild;
            const start = box.textContent.indexOf(quote);
            const range = document.createRange();
            range.setStart(text, start);
            range.setEnd(text, start + quote.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        quote,
    )
    expect(page.get_by_test_id("comment-quote")).to_contain_text(quote)


def _edit_and_submit(page: Page, base_url: str, section_id: str, old: str, new: str) -> None:
    page.goto(f"{base_url}/sections/{section_id}")
    body = page.get_by_test_id("body")
    body.fill(body.input_value().replace(old, new))
    page.get_by_test_id("save").click()
    expect(page.get_by_text("已保存为第")).to_be_visible()
    page.get_by_test_id("submit").click()
    expect(page.get_by_text("已提交审核")).to_be_visible()


def test_report_goes_from_import_to_sign_off(browser: Browser, live_server: str):
    admin = _page_as(browser, live_server, "admin")
    admin.goto(f"{live_server}/reports/import")
    admin.get_by_label("或粘贴全文").fill(REPORT_TEXT)
    admin.get_by_role("button", name="识别章节").click()
    selects = admin.get_by_label("承办部门")
    selects.nth(0).select_option("zonghe")
    selects.nth(1).select_option("xiangmu")
    admin.get_by_test_id("confirm-import").click()
    expect(admin.get_by_text("已导入报告，共 2 个章节")).to_be_visible()
    report_url = admin.url
    links = admin.get_by_test_id("sections").get_by_role("link")
    first_id = links.nth(0).get_attribute("href").rsplit("/", 1)[-1]
    second_id = links.nth(1).get_attribute("href").rsplit("/", 1)[-1]

    drafter = _page_as(browser, live_server, "drafter")
    _edit_and_submit(drafter, live_server, first_id, "统筹推进", "统筹协调推进")
    drafter2 = _page_as(browser, live_server, "drafter2")
    _edit_and_submit(drafter2, live_server, second_id, "提速提效", "提速增效")

    reviewer = _page_as(browser, live_server, "reviewer")
    reviewer.goto(f"{live_server}/sections/{first_id}/review")
    _select_in_review_text(reviewer, "综合协调任务")
    reviewer.get_by_test_id("comment-body").fill("请写明具体任务数量")
    reviewer.get_by_test_id("add-comment").click()
    expect(reviewer.locator("mark.comment-anchor")).to_have_text("综合协调任务")
    reviewer.get_by_label("审核意见").fill("请补充数据")
    reviewer.get_by_test_id("request-changes").click()
    expect(reviewer.get_by_test_id("section-status")).to_have_text("退回修改")

    _edit_and_submit(drafter, live_server, first_id, "综合协调任务", "综合协调任务12项")

    reviewer.goto(f"{live_server}/sections/{first_id}/review")
    changes = reviewer.get_by_test_id("review-changes")
    expect(changes.locator("ins.diff-ins")).to_have_text("12项")
    expect(changes.locator("ins.diff-ins")).to_have_count(1)
    expect(reviewer.locator("mark.comment-anchor")).to_have_text("综合协调任务")
    reviewer.get_by_test_id("approve").click()
    expect(reviewer.get_by_test_id("section-status")).to_have_text("已通过")

    reviewer2 = _page_as(browser, live_server, "reviewer2")
    reviewer2.goto(f"{live_server}/sections/{second_id}/review")
    reviewer2.get_by_test_id("approve").click()
    expect(reviewer2.get_by_test_id("section-status")).to_have_text("已通过")

    leader = _page_as(browser, live_server, "leader")
    leader.goto(report_url)
    leader.get_by_test_id("sign-off").click()
    leader.get_by_test_id("confirm-sign-off").click()
    expect(leader.get_by_text("报告已签发")).to_be_visible()
