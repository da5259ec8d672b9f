"""A leader sets the 署名 and 成文日期 on the report page and downloads 痕迹稿 from the history
and versions pages, in a real browser. Screenshots land in /tmp/tonggao-browser/."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from support.browser import log_in
from webapp import create_app
from webapp.extensions import db
from webapp.models import Section, User
from webapp.services import drafting

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/tonggao-browser")
REPORT_ID = 1


def test_leader_sets_document_details_on_the_report_page(page: Page, live_server: str):
    SHOTS.mkdir(exist_ok=True)
    log_in(page, live_server, "leader")
    page.goto(f"{live_server}/reports/{REPORT_ID}")
    details = page.get_by_test_id("document-details")
    details.get_by_label("发文机关署名").fill("某某县发展和改革局")
    details.get_by_label("成文日期").fill("2026-11-27")
    details.get_by_label("主送机关（可选）").fill("县人民政府")
    details.get_by_test_id("save-details").click()
    expect(page.get_by_text("已保存成文信息")).to_be_visible()
    details = page.get_by_test_id("document-details")
    expect(details.get_by_label("发文机关署名")).to_have_value("某某县发展和改革局")
    expect(details.get_by_label("成文日期")).to_have_value("2026-11-27")
    details.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "report-details.png"), full_page=True)


def test_drafter_cannot_edit_details_but_sees_them(page: Page, live_server: str):
    log_in(page, live_server, "drafter")
    page.goto(f"{live_server}/reports/{REPORT_ID}")
    details = page.get_by_test_id("document-details")
    expect(details.get_by_test_id("save-details")).to_have_count(0)
    expect(details).to_contain_text("签发当天")


def second_revision(settings: dict) -> int:
    """The admin rewrites the first numbered section (as the editor would); its id."""
    app = create_app(settings)
    with app.app_context():
        admin = db.session.scalars(select(User).where(User.username == "admin")).one()
        section = db.session.scalars(
            select(Section).where(Section.kind == "numbered").order_by(Section.position)
        ).first()
        body = drafting.head_body(section)
        drafting.save_revision(section.id, admin, section.head_revision, body + "新增一句。")
        section_id = section.id
        db.session.remove()
        db.engine.dispose()
    return section_id


def test_redline_downloads_from_history_and_versions_pages(
    page: Page, live_server: str, settings: dict
):
    log_in(page, live_server, "leader")
    page.goto(f"{live_server}/reports/{REPORT_ID}/documents")
    redline = page.get_by_test_id("redline")
    expect(redline).to_be_visible()
    page.screenshot(path=str(SHOTS / "versions-redline.png"), full_page=True)
    with page.expect_download() as started:
        redline.get_by_test_id("redline-since-approved").click()
    download = started.value
    assert download.suggested_filename.endswith("-痕迹稿-自上次审核通过.docx")
    with zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes())) as package:
        assert "<w:ins " in package.read("word/document.xml").decode()

    section_id = second_revision(settings)
    page.goto(f"{live_server}/sections/{section_id}/history")
    page.screenshot(path=str(SHOTS / "history-redline.png"), full_page=True)
    with page.expect_download() as started:
        page.get_by_test_id("download-redline").click()
    name = started.value.suggested_filename
    older, newer = re.search(r"-痕迹稿-r(\d+)-r(\d+)\.docx$", name).groups()
    assert int(newer) == int(older) + 1  # the newest revision against the one before
