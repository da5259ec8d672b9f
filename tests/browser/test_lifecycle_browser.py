"""The report lifecycle in a real browser: comment anchors after line breaks, inline diffs that
keep a change on its line, and the demo report carried through 会签, review, sign-off (with its
checklist), withdrawal and a second sign-off — every human step through the UI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from support.browser import log_in
from webapp.extensions import db
from webapp.models import Report, Section
from webapp.services import drafting

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/lc")
# Placeholders as the demo text writes them: XX, XXX, X.X.
_PLACEHOLDER = re.compile(r"X+(?:\.X+)?")
_DRAFTERS = {"zonghe": "drafter", "xiangmu": "drafter2"}
_REVIEWERS = {"zonghe": "reviewer", "xiangmu": "reviewer2"}


def _page_as(browser: Browser, base_url: str, username: str) -> Page:
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    log_in(page, base_url, username)
    return page


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _select_text(page: Page, container_id: str, quote: str) -> None:
    """Select `quote` inside the container as a user's drag would (across text nodes)."""
    page.evaluate(
        """([containerId, quote]) => {
            const box = document.getElementById(containerId);
            const start = box.textContent.indexOf(quote);
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            let seen = 0, node;
            while ((node = walker.nextNode())) {
                const length = node.textContent.length;
                if (seen <= start && start < seen + length) range.setStart(node, start - seen);
                const end = start + quote.length;
                if (seen < end && end <= seen + length) range.setEnd(node, end - seen);
                seen += length;
            }
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        [container_id, quote],
    )


@pytest.fixture
def zonghe_item(app, live_server) -> Section:
    """A demo item of 综合规划股 still in draft: “项目建设提速提效。”."""
    return db.session.scalar(select(Section).where(Section.heading == "项目建设提速提效。"))


def test_a_comment_after_several_line_breaks_highlights_exactly_the_selection(
    browser: Browser, live_server: str, zonghe_item: Section
):
    drafter = _page_as(browser, live_server, "drafter")
    drafter.goto(f"{live_server}/sections/{zonghe_item.id}")
    lines = [
        "第一段：项目建设。",
        "第二段：开工项目8个。",
        "",
        "第三段：竣工投产6个。",
        "第四段：完成投资12亿元。",
    ]
    drafter.get_by_test_id("body").fill("\n".join(lines))
    drafter.get_by_test_id("submit").click()
    expect(drafter.get_by_text("已提交审核")).to_be_visible()

    reviewer = _page_as(browser, live_server, "reviewer")
    reviewer.goto(f"{live_server}/sections/{zonghe_item.id}/review")
    _select_text(reviewer, "review-text", "完成投资12亿元")
    expect(reviewer.get_by_test_id("comment-quote")).to_have_text("“完成投资12亿元”")
    reviewer.get_by_test_id("comment-body").fill("请核实投资额")
    reviewer.get_by_test_id("add-comment").click()
    mark = reviewer.locator("#review-text mark.comment-anchor")
    expect(mark).to_have_text("完成投资12亿元")
    expect(reviewer.get_by_test_id("thread").locator("q")).to_have_text("完成投资12亿元")
    _shot(reviewer, "a-comment-after-line-breaks")
    assert "\r" not in drafting.head_body(db.session.get(Section, zonghe_item.id))


def test_the_inline_diff_keeps_a_one_character_change_on_its_line(
    browser: Browser, live_server: str
):
    admin = _page_as(browser, live_server, "admin")
    admin.goto(f"{live_server}/reports/import")
    admin.get_by_label("或粘贴全文").fill(
        "某县发改局2026年工作总结\n一、综合工作\n"
        "全年完成综合协调任务，统筹推进各项工作。\n"
        "全年谋划储备重大项目，项目建设提速提效。\n"
        "全年争取上级资金，同比增长明显。\n"
    )
    admin.get_by_role("button", name="识别章节").click()
    admin.get_by_label("承办部门").first.select_option("zonghe")
    admin.get_by_test_id("confirm-import").click()
    section_id = (
        admin.get_by_test_id("sections").get_by_role("link").first.get_attribute("href")
    ).rsplit("/", 1)[-1]

    drafter = _page_as(browser, live_server, "drafter")
    drafter.goto(f"{live_server}/sections/{section_id}")
    body = drafter.get_by_test_id("body")
    body.fill(body.input_value().replace("提速提效", "提速增效"))
    drafter.get_by_test_id("save").click()
    expect(drafter.get_by_text("已保存为第 2 版")).to_be_visible()

    for view in ("inline", "side"):
        drafter.goto(f"{live_server}/sections/{section_id}/diff?from=1&to=2&view={view}")
        expect(drafter.locator("ins.diff-ins")).to_have_count(1)
        expect(drafter.locator("ins.diff-ins")).to_have_text("增")
        change = drafter.locator("ins.diff-ins").bounding_box()
        # The characters just before and after the change, measured as the reader sees them.
        neighbours = drafter.evaluate(
            """() => {
                const ins = document.querySelector('ins.diff-ins');
                const rect = (node, from, to) => {
                    const range = document.createRange();
                    range.setStart(node, from);
                    range.setEnd(node, to);
                    return range.getBoundingClientRect().toJSON();
                };
                let before = ins.previousSibling;
                while (before.nodeType !== Node.TEXT_NODE) before = before.previousSibling;
                const after = ins.nextSibling;
                const b = before.textContent.length;
                return {before: rect(before, b - 2, b), after: rect(after, 0, 2)};
            }"""
        )
        _shot(drafter, f"b-diff-{view}")
        for side in ("before", "after"):
            assert abs(neighbours[side]["top"] - change["y"]) < change["height"] / 2, (view, side)
        assert neighbours["before"]["right"] <= change["x"] + 1
        # No line break was changed, so no ↵ mark may appear (a CR in the text once made one).
        expect(drafter.locator(".diff-eol")).to_have_count(0)


def _fill_and_submit(page: Page, base_url: str, section: Section) -> None:
    page.goto(f"{base_url}/sections/{section.id}")
    body = page.get_by_test_id("body")
    body.fill(_PLACEHOLDER.sub("8", body.input_value()))
    page.get_by_test_id("submit").click()
    expect(page.get_by_text("已提交审核")).to_be_visible()


def _approve(page: Page, base_url: str, section: Section, status: str = "已通过") -> None:
    page.goto(f"{base_url}/sections/{section.id}/review")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("section-status")).to_have_text(status)


def test_demo_report_goes_through_countersign_sign_off_withdrawal_and_sign_off_again(
    browser: Browser, live_server: str, app
):
    report = db.session.scalar(select(Report))
    sections = sorted(report.sections, key=lambda s: s.position)
    preamble = sections[0]
    pages = {
        name: _page_as(browser, live_server, name)
        for name in ("admin", "leader", "drafter", "drafter2", "reviewer", "reviewer2")
    }

    # 会签: the admin asks 项目管理股 to countersign the preamble.
    admin = pages["admin"]
    admin.goto(f"{live_server}/reports/{report.id}/assign")
    admin.locator(f'input[name="countersign-{preamble.id}"][value="xiangmu"]').check()
    admin.get_by_test_id("save-assignments").click()
    expect(admin.get_by_text("已保存分配")).to_be_visible()
    chip = admin.get_by_test_id("countersign-chip")
    expect(chip).to_have_attribute("data-state", "pending")

    leader = pages["leader"]
    leader.goto(f"{live_server}/reports/{report.id}")
    expect(leader.get_by_test_id("checklist-blocking")).to_contain_text("占位符")
    expect(leader.get_by_test_id("sign-off-disabled")).to_be_disabled()
    _shot(leader, "c1-report-blocked")

    for section in sections:
        if section.status == "approved" or section.heading_only:
            continue
        code = section.department.code
        _fill_and_submit(pages[_DRAFTERS[code]], live_server, section)
        if section.id == preamble.id:
            _approve(pages["reviewer"], live_server, section, status="待审核")
            countersigner = pages["reviewer2"]
            countersigner.goto(f"{live_server}/sections/{section.id}/review")
            expect(countersigner.get_by_test_id("review-changes")).to_contain_text("2020年")
            expect(countersigner.get_by_test_id("countersign-chip")).to_have_attribute(
                "data-state", "pending"
            )
            _shot(countersigner, "c2-countersigner-review")
            _approve(countersigner, live_server, section)
            expect(countersigner.get_by_test_id("countersign-chip")).to_have_attribute(
                "data-state", "approved"
            )
        else:
            _approve(pages[_REVIEWERS[code]], live_server, section)

    pages["reviewer2"].goto(f"{live_server}/notifications")
    expect(pages["reviewer2"].get_by_text("请会签")).to_be_visible()

    leader.goto(f"{live_server}/reports/{report.id}")
    expect(leader.get_by_test_id("checklist-ready")).to_be_visible()
    expect(leader.get_by_test_id("checklist-warnings")).to_contain_text("的的")
    _shot(leader, "c3-report-ready")
    leader.get_by_test_id("sign-off").click()
    expect(leader.get_by_test_id("checklist-ready")).to_be_visible()
    _shot(leader, "c4-confirm-sign-off")
    leader.get_by_test_id("confirm-sign-off").click()
    expect(leader.get_by_text("报告已签发，已锁定。")).to_be_visible()
    expect(leader.get_by_test_id("signed-off-notice")).to_contain_text("王局长")
    _shot(leader, "c5-signed-off")

    drafter = pages["drafter"]
    drafter.goto(f"{live_server}/sections/{preamble.id}")
    expect(drafter.get_by_test_id("locked-notice")).to_be_visible()
    expect(drafter.get_by_test_id("save")).to_have_count(0)
    _shot(drafter, "c6-drafter-locked-editor")

    leader.get_by_test_id("withdraw").click()  # no reason: the browser's required check stops it
    expect(leader.get_by_test_id("signed-off-notice")).to_be_visible()
    leader.get_by_test_id("withdraw-reason").fill("前言数据需按统计局终审数更新")
    leader.get_by_test_id("withdraw").click()
    expect(leader.get_by_text("已撤回签发，报告重新开放修改")).to_be_visible()
    _shot(leader, "c7-withdrawn")

    drafter.goto(f"{live_server}/notifications")
    expect(drafter.get_by_text("前言数据需按统计局终审数更新")).to_be_visible()
    drafter.goto(f"{live_server}/sections/{preamble.id}")
    expect(drafter.get_by_test_id("body")).to_be_visible()

    leader.goto(f"{live_server}/reports/{report.id}")
    leader.get_by_test_id("sign-off").click()
    leader.get_by_test_id("confirm-sign-off").click()
    expect(leader.get_by_text("报告已签发，已锁定。")).to_be_visible()
    db.session.expire_all()
    assert db.session.get(Report, report.id).status == "signed_off"
    for page in pages.values():
        page.context.close()


def test_typing_into_an_editor_after_the_sign_off_loses_nothing(
    page: Page, live_server: str, zonghe_item: Section
):
    log_in(page, live_server, "drafter")
    page.goto(f"{live_server}/sections/{zonghe_item.id}")
    report = db.session.get(Report, zonghe_item.report_id)
    report.status = "signed_off"  # the leader signs off while the editor is open
    db.session.commit()
    body = page.get_by_test_id("body")
    body.fill(body.input_value() + "\n签发后才打的字。")
    body.blur()
    expect(page.get_by_test_id("autosave-status")).to_contain_text("报告已签发，已锁定")
    page.get_by_test_id("save").click()
    expect(page.get_by_text("报告已签发，已锁定：未保存。您的文字已保留在草稿中。")).to_be_visible()
    expect(page.get_by_test_id("body-readonly")).to_contain_text("签发后才打的字。")
    expect(page.get_by_test_id("kept-draft-notice")).to_be_visible()
    _shot(page, "d-typed-after-sign-off")
