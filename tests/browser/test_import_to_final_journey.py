"""Issue 10 acceptance: a real office's report from import to a downloaded final PDF.

The CRLF sample weijian-2021.txt (numbered prose items holding ×× placeholders) is carried,
every human step through the UI of a real browser, through: import preview corrections
(heading → body, a branch assigned to a department), 会签 assignment, drafters fixing the
placeholders the sign-off checklist names, review, 会签, sign-off through the confirmation
page, withdrawal with a reason, a second sign-off and the final assembly by a Celery worker.
The test process reads the database only to route each checklist section to its drafter.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from conftest import SAMPLES_DIR
from support.browser import log_in
from support.processes import ChildProcess, celery_worker, gunicorn_server
from webapp import create_app
from webapp.extensions import db
from webapp.models import Report
from webapp.services import demo, drafting

pytestmark = pytest.mark.browser

WEIJIAN = SAMPLES_DIR / "weijian-2021.txt"
TITLE = "市卫生健康委员会2021年上半年工作总结暨下半年重点工作安排及二〇二二年工作谋划"
SHOTS = Path("/tmp/journey")
JOB_TIMEOUT_MS = 90_000
PLACEHOLDER = re.compile(r"[×xX]{2,}")
# How every page names the heading-less numbered paragraph that 项目管理股 countersigns: its
# number and the start of its text (then “××…” or “12…”), never a bare “（1）” or “前言”.
COSIGNED_NAME = "（1）新增三级医院1家，二级医院达标率提升至"
DRAFTERS = {"zonghe": "drafter", "xiangmu": "drafter2"}
REVIEWERS = {"zonghe": "reviewer", "xiangmu": "reviewer2"}


@pytest.fixture
def office(settings: dict) -> Iterator[str]:
    """gunicorn and a Celery worker on the demo users, sharing an SQLite-backed broker."""
    shared = {
        "DATABASE_URL": settings["DATABASE_URL"],
        "INSTANCE_PATH": settings["INSTANCE_PATH"],
        "SECRET_KEY": settings["SECRET_KEY"],
        "BROKER_URL": f"sqla+sqlite:///{Path(settings['INSTANCE_PATH']) / 'broker.db'}",
    }
    app = create_app(settings)
    with app.app_context():
        demo.load()
        db.session.remove()
        db.engine.dispose()
    worker = celery_worker(shared)
    server, url = gunicorn_server(shared)
    yield url
    with ThreadPoolExecutor() as pool:
        list(pool.map(ChildProcess.stop, (server, worker)))


def _page_as(browser: Browser, base_url: str, username: str) -> Page:
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, base_url, username)
    return page


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _row(page: Page, heading: str):
    return page.get_by_test_id("preview-row").filter(has=page.locator(f"input[value='{heading}']"))


def _import_and_correct(admin: Page, base_url: str) -> int:
    """The admin uploads the sample, corrects the preview and creates the report."""
    admin.goto(f"{base_url}/reports/import")
    admin.set_input_files("#file", str(WEIJIAN))
    admin.get_by_role("button", name="识别章节").click()
    rows = admin.get_by_test_id("preview-row")
    expect(rows).to_have_count(17)
    # The numbered prose item arrived as a numbered paragraph, its text (with ××) as body.
    expect(rows.nth(6)).to_contain_text("编号段落")
    expect(rows.nth(6).get_by_test_id("row-body")).to_contain_text("××%")
    _shot(admin, "1-admin-preview")

    # heading → body: the run-in “持续抓好疫情防控。” becomes the item's text.
    _row(admin, "持续抓好疫情防控。").get_by_role("button", name="改为正文").click()
    expect(rows.nth(14).get_by_test_id("row-body")).to_contain_text("持续抓好疫情防控。坚持")

    rows.nth(0).get_by_test_id("row-department").select_option(label="综合规划股")
    _row(admin, "存在的主要问题").get_by_test_id("row-department").select_option(label="项目管理股")
    for heading, department in (
        ("上半年工作开展情况", "综合规划股"),
        ("下半年重点工作", "项目管理股"),
    ):
        branch = _row(admin, heading)
        branch.get_by_test_id("row-department").select_option(label=department)
        branch.get_by_role("button", name="整枝分配").click()
    expect(rows.nth(10).get_by_test_id("row-department")).to_have_value("zonghe")
    expect(rows.nth(16).get_by_test_id("row-department")).to_have_value("xiangmu")
    _shot(admin, "2-admin-corrected")

    admin.get_by_test_id("confirm-import").click()
    expect(admin.get_by_test_id("report-title")).to_have_text(TITLE)
    expect(admin.get_by_test_id("sections")).to_contain_text("（一）持续抓好疫情防控。坚持")
    _shot(admin, "3-admin-report")
    return int(admin.url.rstrip("/").rsplit("/", 1)[-1])


def _checklist_sections(page: Page) -> list[int]:
    items = page.get_by_test_id("checklist-blocking").locator("li[data-section]")
    return [int(item.get_attribute("data-section")) for item in items.all()]


def _fix_and_submit(page: Page) -> None:
    """In the open editor: replace every placeholder, then 保存并提交审核."""
    body = page.get_by_test_id("body")
    text = body.input_value()
    assert "\r" not in text
    body.fill(PLACEHOLDER.sub("12", text))
    page.get_by_test_id("submit").click()
    expect(page.get_by_text("已提交审核")).to_be_visible()


def _approve(page: Page, base_url: str, section_id: int, status: str = "已通过") -> None:
    page.goto(f"{base_url}/sections/{section_id}/review")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("section-status")).to_have_text(status)


def _sign_off(leader: Page, base_url: str, report_id: int, shot: str) -> None:
    leader.goto(f"{base_url}/reports/{report_id}")
    expect(leader.get_by_test_id("checklist-ready")).to_be_visible()
    leader.get_by_test_id("sign-off").click()
    expect(leader.get_by_test_id("checklist-ready")).to_be_visible()
    expect(leader.get_by_test_id("sign-off-details")).to_contain_text("市卫生健康委员会")
    expect(leader.get_by_test_id("issuer-missing")).to_have_count(0)
    _shot(leader, f"{shot}-confirm")
    leader.get_by_test_id("confirm-sign-off").click()
    expect(leader.get_by_text("报告已签发，已锁定。")).to_be_visible()
    _shot(leader, f"{shot}-signed-off")


def test_imported_report_goes_from_preview_to_a_downloaded_final_pdf(
    browser: Browser, office: str, app: Flask
):
    pages = {
        name: _page_as(browser, office, name)
        for name in ("admin", "leader", "drafter", "drafter2", "reviewer", "reviewer2")
    }
    server_errors: list[str] = []
    for page in pages.values():
        page.on("response", lambda r: server_errors.append(r.url) if r.status >= 500 else None)
    admin, leader = pages["admin"], pages["leader"]
    report_id = _import_and_correct(admin, office)
    report = db.session.get(Report, report_id)
    by_id = {section.id: section for section in report.sections}
    cosigned = next(s for s in report.sections if "新增三级医院" in drafting.head_body(s))

    # 会签: 项目管理股 countersigns 综合规划股's numbered paragraph.
    admin.goto(f"{office}/reports/{report_id}/assign")
    expect(admin.get_by_test_id("assign-table")).to_contain_text(COSIGNED_NAME)
    admin.locator(f'input[name="countersign-{cosigned.id}"][value="xiangmu"]').check()
    _shot(admin, "4-admin-assign")
    admin.get_by_test_id("save-assignments").click()
    expect(admin.get_by_text("已保存分配")).to_be_visible()

    leader.goto(f"{office}/reports/{report_id}")
    expect(leader.get_by_test_id("checklist-blocking")).to_contain_text("占位符")
    expect(leader.get_by_test_id("sign-off-disabled")).to_be_disabled()
    expect(leader.get_by_test_id("checklist-blocking")).to_contain_text(COSIGNED_NAME)
    _shot(leader, "5-leader-blocked")
    to_do = _checklist_sections(leader)
    assert cosigned.id in to_do
    assert not any(by_id[section_id].heading_only for section_id in to_do)

    for section_id in to_do:
        code = by_id[section_id].department.code
        drafter = pages[DRAFTERS[code]]
        if section_id == cosigned.id:
            # The drafter finds the paragraph on the 工作台 by its text, not as “（前言）”.
            drafter.goto(f"{office}/")
            tasks = drafter.get_by_test_id("tasks")
            _shot(drafter, "6-drafter-tasks")
            tasks.get_by_role("link", name="新增三级医院1家，二级医院达标率提升至×…").click()
            expect(drafter.get_by_test_id("section-heading")).to_contain_text(COSIGNED_NAME)
        else:
            drafter.goto(f"{office}/sections/{section_id}")
        _fix_and_submit(drafter)
        if section_id == cosigned.id:
            _shot(drafter, "6-drafter-submitted")
            _approve(pages["reviewer"], office, section_id, status="待审核")
            # The countersigner follows the “请会签” notification to the review page.
            countersigner = pages["reviewer2"]
            countersigner.goto(f"{office}/notifications")
            request = countersigner.get_by_test_id("notification").filter(has_text="请会签")
            expect(request).to_contain_text(COSIGNED_NAME)
            request.get_by_role("button", name="查看").click()
            expect(countersigner.locator("h1")).to_contain_text(f"审核：{COSIGNED_NAME}")
            expect(countersigner.get_by_test_id("review-changes")).to_contain_text("新增三级医院")
            _shot(countersigner, "7-countersigner-review")
            _approve(countersigner, office, section_id)
        else:
            _approve(pages[REVIEWERS[code]], office, section_id)

    # An imported report has no 署名: the confirmation page says so and links to the form.
    leader.goto(f"{office}/reports/{report_id}")
    leader.get_by_test_id("sign-off").click()
    expect(leader.get_by_test_id("issuer-missing")).to_be_visible()
    _shot(leader, "8-leader-issuer-missing")
    leader.get_by_role("link", name="填写成文信息").click()
    leader.get_by_label("发文机关署名").fill("市卫生健康委员会")
    leader.get_by_test_id("save-details").click()
    expect(leader.get_by_text("已保存成文信息")).to_be_visible()
    _sign_off(leader, office, report_id, "8-leader")
    pages["drafter2"].goto(f"{office}/sections/{to_do[-1]}")  # 项目管理股's last item
    expect(pages["drafter2"].get_by_test_id("locked-notice")).to_be_visible()
    expect(pages["drafter2"].get_by_test_id("save")).to_have_count(0)
    leader.get_by_test_id("withdraw-reason").fill("上半年接种数据需按省平台终审数更新")
    leader.get_by_test_id("withdraw").click()
    expect(leader.get_by_text("已撤回签发，报告重新开放修改")).to_be_visible()
    _shot(leader, "9-leader-withdrawn")
    drafter = pages["drafter"]
    drafter.goto(f"{office}/notifications")
    expect(drafter.get_by_test_id("notification").first).to_contain_text("省平台终审数")
    _sign_off(leader, office, report_id, "10-leader-again")

    panel = leader.get_by_test_id("assembly-panel")
    panel.get_by_test_id("assemble-final").click()
    progress = leader.get_by_test_id("assembly-progress")
    expect(progress).to_have_attribute("data-state", "succeeded", timeout=JOB_TIMEOUT_MS)
    _shot(leader, "11-leader-final-ready")
    with leader.expect_download() as started:
        progress.get_by_test_id("download-docx").click()
    assert Path(started.value.path()).read_bytes().startswith(b"PK\x03\x04")
    with leader.expect_download() as started:
        progress.get_by_test_id("download-pdf").click()
    pdf = SHOTS / "final.pdf"
    started.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", text)
    assert "××" not in flat
    assert TITLE in flat
    assert "新增三级医院1家，二级医院达标率提升至12%" in flat
    assert re.search(r"提升核酸检测能力。市卫生健康委员会\d{4}年\d{1,2}月\d{1,2}日", flat)
    assert server_errors == []
    for page in pages.values():
        page.context.close()
