"""Keyboard only: the skip link; a reviewer anchors a comment by Tabbing into the revision
text, selecting with Shift+arrows and pressing "批注选中的文字"; the text cannot be changed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from support.browser import log_in

pytestmark = pytest.mark.browser


def _first_review_page(page: Page, base_url: str) -> None:
    page.get_by_test_id("reports").get_by_role("link").first.click()
    href = page.get_by_test_id("sections").get_by_role("link").first.get_attribute("href")
    page.goto(f"{base_url}{href}/review")


def test_a_comment_is_anchored_with_the_keyboard_alone(page: Page, live_server: str):
    log_in(page, live_server, "reviewer")
    _first_review_page(page, live_server)
    text = page.get_by_test_id("review-text")
    original = text.text_content()
    page.get_by_test_id("anchor-selection").focus()
    page.keyboard.press("Shift+Tab")
    for _ in range(10):  # back through the decision and comment forms to the text
        if text.evaluate("node => node === document.activeElement"):
            break
        page.keyboard.press("Shift+Tab")
    expect(text).to_be_focused()
    page.keyboard.press("Control+Home")
    for _ in range(4):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.type("不应出现")  # typing into the text is refused
    expect(text).to_have_text(original)

    page.keyboard.press("Control+Home")
    for _ in range(4):
        page.keyboard.press("Shift+ArrowRight")
    page.get_by_test_id("anchor-selection").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("comment-quote")).to_have_text(f"“{original[:4]}”")
    expect(page.get_by_label("批注内容")).to_be_focused()
    page.keyboard.type("键盘添加的批注")
    page.get_by_test_id("add-comment").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("thread").filter(has_text="键盘添加的批注")).to_contain_text(
        original[:4]
    )
    expect(page.locator("mark.comment-anchor").first).to_have_text(original[:4])


def test_the_anchor_button_asks_for_a_selection_first(page: Page, live_server: str):
    log_in(page, live_server, "reviewer")
    _first_review_page(page, live_server)
    page.get_by_test_id("anchor-selection").click()
    expect(page.get_by_test_id("comment-quote")).to_have_text("请先在全文中选中要批注的文字")
    expect(page.get_by_test_id("review-text")).to_be_focused()


def test_the_first_tab_shows_the_skip_link_which_jumps_to_the_content(page: Page, live_server: str):
    log_in(page, live_server, "drafter")
    page.goto(f"{live_server}/notifications")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到正文")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
