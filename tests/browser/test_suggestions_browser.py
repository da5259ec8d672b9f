"""In a real browser: a reviewer selects words on the review page and suggests a replacement;
the drafter sees it struck/underlined with the reviewer's name and accepts it as a revision."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Browser, Page, expect

from support.browser import log_in
from support.demo_sections import section_with_text

pytestmark = pytest.mark.browser
SCREENSHOTS = os.environ.get("TONGGAO_SCREENSHOTS", "")


def _page_as(browser: Browser, base_url: str, username: str) -> Page:
    page = browser.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    log_in(page, base_url, username)
    return page


def _select(page: Page, quote: str) -> None:
    page.evaluate(
        """(quote) => {
            const box = document.getElementById('review-text');
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.textContent.indexOf(quote);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + quote.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    return;
                }
            }
            throw new Error('quote not found');
        }""",
        quote,
    )


def _shot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, name), full_page=True)


def test_reviewer_suggests_and_drafter_accepts(browser: Browser, live_server: str, settings):
    section_id, body = section_with_text(settings, "zonghe")
    quote = body.strip().split("\n")[0][:6]

    reviewer = _page_as(browser, live_server, "reviewer")
    reviewer.goto(f"{live_server}/sections/{section_id}/review")
    _select(reviewer, quote)
    expect(reviewer.get_by_test_id("suggestion-quote")).to_contain_text(quote)
    expect(reviewer.get_by_test_id("suggestion-replacement")).to_have_value(quote)
    reviewer.get_by_test_id("suggestion-replacement").fill("【建议新词】")
    reviewer.get_by_test_id("suggestion-note").fill("表述更准确")
    _shot(reviewer, "suggest-review.png")
    reviewer.get_by_test_id("suggest").click()
    expect(reviewer.get_by_text("修改建议已提交")).to_be_visible()

    drafter = _page_as(browser, live_server, "drafter")
    drafter.goto(f"{live_server}/sections/{section_id}")
    inline = drafter.get_by_test_id("suggestions-inline")
    expect(inline.locator("del")).to_have_text(quote)
    expect(inline.locator("ins")).to_have_text("【建议新词】")
    expect(inline.locator("sup")).to_have_text("张审核")
    _shot(drafter, "suggest-editor.png")
    drafter.get_by_test_id("accept-suggestion").click()
    expect(drafter.get_by_text("已采纳修改建议，生成第")).to_be_visible()
    expect(drafter.get_by_test_id("body")).to_have_value(body.replace(quote, "【建议新词】", 1))
    expect(drafter.get_by_text("采纳 张审核 的修改建议")).to_be_visible()
    expect(drafter.get_by_test_id("suggestions")).to_have_count(0)
    _shot(drafter, "suggest-accepted.png")
