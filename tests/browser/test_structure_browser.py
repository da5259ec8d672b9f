"""An admin imports the CRLF sample, corrects the tree in the preview, creates the report,
then renames, moves and archives sections on the structure page — in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import SAMPLES_DIR
from support.browser import log_in

pytestmark = pytest.mark.browser

WEIJIAN = SAMPLES_DIR / "weijian-2021.txt"
SHOTS = "/tmp/structure-browser"


def _numbers(page: Page, testid: str) -> list[str]:
    return page.get_by_test_id(testid).all_inner_texts()


def _row(page: Page, heading: str):
    return page.get_by_test_id("preview-row").filter(has=page.locator(f"input[value='{heading}']"))


def test_import_correct_create_and_restructure(page: Page, live_server: str):
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, "admin")
    page.goto(f"{live_server}/reports/import")
    page.set_input_files("#file", str(WEIJIAN))
    page.get_by_role("button", name="识别章节").click()
    rows = page.get_by_test_id("preview-row")
    expect(rows).to_have_count(17)
    # One-sentence items arrived as numbered paragraphs with their text as body.
    expect(rows.nth(6)).to_contain_text("编号段落")
    expect(rows.nth(6).get_by_test_id("row-body")).to_contain_text("新增三级医院1家")
    page.screenshot(path=f"{SHOTS}-1-preview.png", full_page=True)

    # heading → body: the run-in “持续抓好疫情防控。” becomes the item's text.
    _row(page, "持续抓好疫情防控。").get_by_role("button", name="改为正文").click()
    item = rows.nth(14)
    expect(item.get_by_test_id("row-heading")).to_have_value("")
    expect(item.get_by_test_id("row-body")).to_contain_text("持续抓好疫情防控。坚持")

    # demote, then promote: （三） becomes 1. under （二）, its items （1）（2）, and back.
    _row(page, "公共卫生服务").get_by_role("button", name="降级").click()
    expect(rows.nth(9).get_by_test_id("row-number")).to_have_text("1.")
    expect(rows.nth(10).get_by_test_id("row-number")).to_have_text("（1）")
    _row(page, "公共卫生服务").get_by_role("button", name="升级").click()
    expect(rows.nth(9).get_by_test_id("row-number")).to_have_text("（三）")
    expect(rows.nth(10).get_by_test_id("row-number")).to_have_text("1.")

    # split “存在的主要问题” before “二是”: the second half becomes the next item.
    problems = _row(page, "存在的主要问题")
    problems.get_by_role("button", name="拆分").click()
    area = page.get_by_test_id("split-text")
    text = area.input_value()
    area.evaluate("(el, at) => { el.focus(); el.setSelectionRange(at, at); }", text.index("二是"))
    page.get_by_role("button", name="在光标处拆分").click()
    expect(rows).to_have_count(18)
    expect(rows.nth(12).get_by_test_id("row-body")).to_have_text(
        "一是基层医疗卫生人才短缺，引不进、留不住的问题依然突出。"
    )
    expect(rows.nth(13).get_by_test_id("row-number")).to_have_text("三、")
    expect(rows.nth(13).get_by_test_id("row-body")).to_contain_text("二是公共卫生应急能力")

    # merge the split-off half back, then delete an item.
    problems.get_by_role("button", name="与下一项合并").click()
    expect(rows).to_have_count(17)
    expect(rows.nth(12).get_by_test_id("row-body")).to_contain_text("突出。 二是")
    rows.nth(8).get_by_role("button", name="删除").click()
    expect(rows).to_have_count(16)
    expect(page.get_by_test_id("import-tree")).not_to_contain_text("优质服务基层行")

    # one department for a whole branch in one action.
    first = _row(page, "上半年工作开展情况")
    first.get_by_test_id("row-department").select_option(label="综合规划股")
    first.get_by_role("button", name="整枝分配").click()
    for index in range(1, 11):
        expect(rows.nth(index).get_by_test_id("row-department")).to_have_value("zonghe")
    expect(rows.nth(11).get_by_test_id("row-department")).to_have_value("")
    page.screenshot(path=f"{SHOTS}-2-corrected.png", full_page=True)

    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("report-title")).to_contain_text("市卫生健康委员会2021年上半年")
    sections = page.get_by_test_id("sections")
    expect(sections).to_contain_text("（一）持续抓好疫情防控。坚持")
    expect(sections).not_to_contain_text("优质服务基层行")
    expect(page.get_by_test_id("heading-only").first).to_be_visible()
    page.screenshot(path=f"{SHOTS}-3-report.png", full_page=True)

    # The structure page: rename, move, archive; numbers follow.
    page.get_by_test_id("structure-link").click()
    tree = page.get_by_test_id("structure-row")
    problems = tree.filter(has=page.locator("input[value='存在的主要问题']"))
    problems.get_by_test_id("structure-heading").fill("存在的问题和不足")
    problems.get_by_test_id("rename").click()
    renamed = tree.filter(has=page.locator("input[value='存在的问题和不足']"))
    expect(renamed.get_by_test_id("structure-number")).to_have_text("二、")
    plan = tree.filter(has=page.locator("input[value='下半年重点工作']"))
    plan.get_by_test_id("up").click()
    plan = tree.filter(has=page.locator("input[value='下半年重点工作']"))
    expect(plan.get_by_test_id("structure-number")).to_have_text("二、")
    renamed = tree.filter(has=page.locator("input[value='存在的问题和不足']"))
    expect(renamed.get_by_test_id("structure-number")).to_have_text("三、")
    renamed.get_by_test_id("archive").click()
    expect(page.get_by_test_id("structure-tree")).not_to_contain_text("存在的问题和不足")
    archived = page.get_by_test_id("archived-sections")
    expect(archived).to_contain_text("存在的问题和不足")
    page.screenshot(path=f"{SHOTS}-4-structure.png", full_page=True)
    archived.get_by_role("link", name="存在的问题和不足").click()
    expect(page.locator("body")).to_contain_text("修改标题")


def test_leader_builds_a_report_from_scratch(page: Page, live_server: str):
    log_in(page, live_server, "leader")
    page.get_by_test_id("nav-new-report").click()
    page.get_by_label("报告标题").fill("某局2027年工作计划")
    page.get_by_label("年份").fill("2027")
    page.get_by_label("发文机关署名").fill("某局")
    page.get_by_test_id("create-report").click()
    page.get_by_label("在末尾添加一级章节").fill("抓好项目建设")
    page.get_by_test_id("add-top-button").click()
    page.get_by_label("在末尾添加一级章节").fill("优化营商环境")
    page.get_by_test_id("add-top-button").click()
    rows = page.get_by_test_id("structure-row")
    rows.nth(0).get_by_test_id("add-child").click()
    child = rows.nth(1)
    child.get_by_test_id("structure-heading").fill("谋划储备项目")
    child.get_by_test_id("rename").click()
    expect(page.get_by_test_id("structure-number")).to_have_text(["一、", "（一）", "二、"])
    rows.nth(2).get_by_test_id("indent").click()  # 优化营商环境 under 抓好项目建设
    expect(page.get_by_test_id("structure-number")).to_have_text(["一、", "（一）", "（二）"])
    rows.nth(2).get_by_test_id("up").click()
    expect(rows.nth(1).get_by_test_id("structure-heading")).to_have_value("优化营商环境")
    page.screenshot(path=f"{SHOTS}-5-scratch.png", full_page=True)
    page.get_by_role("link", name="某局2027年工作计划").click()
    expect(page.get_by_test_id("sections")).to_contain_text("（一）优化营商环境")
    expect(page.get_by_test_id("heading-only")).to_have_count(1)
