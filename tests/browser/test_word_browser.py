"""In a real browser: download a section as Word, edit it (a plain edit and a tracked change),
upload it with “从 Word 导入”; the plain edit is a revision, the tracked one waits as a
suggestion showing the Word author."""

from __future__ import annotations

import io
import os

import docx
import pytest
from docx.oxml import parse_xml
from playwright.sync_api import Browser, expect

from support.browser import log_in
from support.demo_sections import section_with_text

pytestmark = pytest.mark.browser
SCREENSHOTS = os.environ.get("TONGGAO_SCREENSHOTS", "")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _edit_in_word(data: bytes, old: str, new: str) -> bytes:
    """A plain edit of the first paragraph, and a tracked insertion by 王科长 at its end."""
    document = docx.Document(io.BytesIO(data))
    paragraph = next(p for p in document.paragraphs if p.text.startswith(old))
    paragraph.runs[0].text = paragraph.runs[0].text.replace(old, new, 1)
    end = paragraph._p.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bookmarkEnd"
    )
    tracked = parse_xml(
        f'<w:ins {W} w:id="90" w:author="王科长"><w:r><w:t>（已核实）</w:t></w:r></w:ins>'
    )
    if end is not None:
        end.addprevious(tracked)
    else:
        paragraph._p.append(tracked)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_download_edit_and_import_from_word(browser: Browser, live_server: str, settings, tmp_path):
    section_id, body = section_with_text(settings, "zonghe")
    old = body.strip()[:6]
    page = browser.new_context(locale="zh-CN", accept_downloads=True).new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, "drafter")
    page.goto(f"{live_server}/sections/{section_id}")
    with page.expect_download() as download_info:
        page.get_by_test_id("word-download").click()
    downloaded = download_info.value
    assert downloaded.suggested_filename.endswith(".docx")
    edited = tmp_path / "edited.docx"
    original = downloaded.path().read_bytes()
    edited.write_bytes(_edit_in_word(original, old, "【改】"))

    page.get_by_test_id("word-file").set_input_files(str(edited))
    page.get_by_test_id("word-upload").click()
    outcome = page.get_by_test_id("upload-outcome")
    expect(outcome).to_have_attribute("data-status", "saved")
    expect(outcome).to_contain_text("已保存为新版本")
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, "word-result.png"), full_page=True)

    page.get_by_role("link", name="打开编辑器").click()
    expect(page.get_by_test_id("body")).to_have_value(body.replace(old, "【改】", 1))
    suggestion = page.get_by_test_id("suggestion")
    expect(suggestion).to_contain_text("王科长")
    expect(suggestion).to_contain_text("（已核实）")
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, "word-editor.png"), full_page=True)
