"""The audit log in a real browser: events read as sentences, the raw data one click away,
and the section filter."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from support.browser import log_in

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(os.environ.get("TONGGAO_SCREENSHOTS", "/tmp"))


def test_admin_reads_the_log_as_sentences(browser: Browser, live_server: str):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, "admin")
    page.goto(f"{live_server}/admin/audit")
    sentences = page.get_by_test_id("audit-sentence")
    expect(sentences.first).to_be_visible()
    expect(
        page.get_by_text("导入了报告《县发展和改革局2020年工作总结和2021年工作思路》")
    ).to_be_visible()
    raw = page.get_by_test_id("audit-raw").first
    expect(raw).to_be_hidden()
    page.get_by_text("原始数据").first.click()
    expect(raw).to_be_visible()
    expect(raw).to_contain_text('"action"')
    page.screenshot(path=str(SCREENSHOTS / "audit-log.png"), full_page=False)
    page.get_by_label("章节", exact=True).fill("重点项目建设")
    page.get_by_role("button", name="筛选").click()
    for text in page.get_by_test_id("audit-sentence").all_inner_texts():
        assert "重点项目建设" in text
    page.context.close()
