"""Every page reachable in the demo, as each role, on a desktop and on a 390 px phone: no serious
or critical axe-core violation (WCAG 2.1 A/AA), no sideways scrolling, one h1, a skip link.

The page list is found by following links from the dashboard, so pages added later are
checked without touching this test."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from support.accessibility import axe_violations, crawl, sideways_overflow
from support.browser import log_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ROLES = ["drafter", "reviewer", "leader", "admin"]
# Every role in Chinese; English text is longer, so the role with the most pages in English too.
READERS = [(role, "zh") for role in ROLES] + [("admin", "en")]


def _problems(page: Page) -> list[str]:
    """Everything wrong with the page as it is now, one line each."""
    problems = axe_violations(page)
    overflow = sideways_overflow(page)
    if overflow > 0:
        problems.append(f"scrolls sideways by {overflow}px")
    headings = page.locator("h1").count()
    if headings != 1:
        problems.append(f"{headings} h1 elements")
    if page.locator("a.tg-skip[href='#main']").count() != 1:
        problems.append("no skip link to #main")
    return problems


def _check_at_both_widths(page: Page, url: str) -> list[str]:
    found = []
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        found += [f"{url} [{name}] {problem}" for problem in _problems(page)]
    page.set_viewport_size(DESKTOP)
    return found


def test_the_login_and_error_pages_pass(browser: Browser, live_server: str):
    page = browser.new_context(locale="zh-CN").new_page()
    found = []
    for path in ("/login", "/no-such-page"):
        page.goto(live_server + path)
        found += _check_at_both_widths(page, path)
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("role", "language"), READERS)
def test_every_page_a_role_reaches_passes(
    browser: Browser, live_server: str, role: str, language: str
):
    page = browser.new_context(locale="zh-CN", viewport=DESKTOP).new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, role)
    if language == "en":
        page.get_by_role("button", name="English").click()
        assert page.locator("html").get_attribute("lang") == "en"
    found, visited = [], []
    for url in crawl(page, live_server):
        visited.append(url.removeprefix(live_server))
        found += _check_at_both_widths(page, visited[-1])
    # The crawl reached the report, its sections and their history and review pages.
    assert any(path.startswith("/reports/") for path in visited), visited
    assert any(path.endswith("/history") for path in visited), visited
    assert not found, "\n".join(found)


def test_pages_reached_through_a_form_pass(browser: Browser, live_server: str):
    """The import preview (a POST's answer) and the sign-off confirmation (linked only when a
    report is ready) are not found by following links."""
    page = browser.new_context(locale="zh-CN", viewport=DESKTOP).new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, "admin")
    page.goto(f"{live_server}/reports/import")
    page.get_by_label("或粘贴全文").fill("某局2026年工作总结\n一、综合工作\n全年完成任务。\n")
    page.get_by_role("button", name="识别章节").click()
    found = _check_at_both_widths(page, "import preview")
    page.goto(f"{live_server}/")
    report = page.get_by_test_id("reports").get_by_role("link").first.get_attribute("href")
    page.goto(f"{live_server}{report}/sign-off")
    found += _check_at_both_widths(page, f"{report}/sign-off")
    assert not found, "\n".join(found)
