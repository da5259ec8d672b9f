"""Proofreading in the editor, as a new user meets it: paste a paragraph, see each problem
flagged, fix each one with its “改为…” button; correct prose raises nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from support.browser import log_in
from webapp.extensions import db
from webapp.models import Section

pytestmark = pytest.mark.browser

FAULTY = "截止本月底，全县共完成二0二一年度重点项目42个，各项惠民政策要认真真落实到位。"
FIXED = "截至本月底，全县共完成二〇二一年度重点项目42个，各项惠民政策要认真落实到位。"
CORRECT = "全县干部认认真真学习贯彻会议精神，的的确确为群众办成了一批实事。"
SCREENSHOTS = "/tmp/proof-browser"


@pytest.fixture
def preamble(app, live_server) -> Section:
    """The demo report's preamble, which the demo drafter may edit."""
    return db.session.scalar(select(Section).where(Section.kind == "preamble"))


def test_each_problem_is_flagged_and_fixed_in_one_click(
    page: Page, live_server: str, preamble: Section
) -> None:
    log_in(page, live_server, "drafter")
    page.goto(f"{live_server}/sections/{preamble.id}")
    body = page.get_by_test_id("body")
    body.fill(FAULTY)
    findings = page.get_by_test_id("finding")
    expect(findings).to_have_count(3)  # after autosave has proofread the pasted text
    expect(page.get_by_test_id("findings")).to_contain_text("截止")
    page.screenshot(path=f"{SCREENSHOTS}-flagged.png", full_page=True)
    # Still typing when the first fix is clicked: the textarea's blur autosaves the text as
    # it was, and that list must not offer the fix just made once more.
    body.press("End")
    body.press_sequentially("下一步")

    for code, label in [
        ("confusable", "改为“截至”"),
        ("number-year-zero", "改为“二〇二一”"),
        ("doubled-char", "改为“真”"),
    ]:
        finding = page.locator(f'[data-testid="finding"][data-code="{code}"]')
        button = finding.get_by_test_id("apply-fix")
        expect(button).to_have_text(label)
        expect(button).to_be_enabled()
        button.click()
        expect(button).to_have_text("已修改")
    expect(body).to_have_value(FIXED + "下一步")
    expect(page.get_by_text("未发现问题。")).to_be_visible()  # the next autosave's findings
    expect(page.get_by_test_id("findings-count")).to_have_text("0")
    page.screenshot(path=f"{SCREENSHOTS}-fixed.png", full_page=True)


def test_correct_prose_with_reduplication_raises_nothing(
    page: Page, live_server: str, preamble: Section
) -> None:
    log_in(page, live_server, "drafter")
    page.goto(f"{live_server}/sections/{preamble.id}")
    page.get_by_test_id("body").fill(CORRECT)
    expect(page.get_by_test_id("autosave-status")).to_be_visible()
    expect(page.get_by_test_id("findings-count")).to_have_text("0")
    expect(page.get_by_text("未发现问题。")).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}-correct.png", full_page=True)
