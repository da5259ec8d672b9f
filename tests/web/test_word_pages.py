"""Word round trip pages: the editor's download and “从 Word 导入”, the result page."""

from __future__ import annotations

import io

import docx
import pytest

from webapp.services import drafting

BODY = "全年完成投资12亿元。"


@pytest.fixture
def section(make_report, make_department):
    return make_report(department=make_department("zonghe")).sections[0]


@pytest.fixture
def drafter(make_user, login, section):
    user = make_user("drafter", section.department)
    drafting.save_revision(section.id, user, 1, BODY)
    login(user)
    return user


def _post(client, url: str, data: bytes):
    return client.post(
        url, data={"file": (io.BytesIO(data), "edited.docx")}, content_type="multipart/form-data"
    )


def test_editor_offers_download_and_import_and_the_result_page_says_saved(client, section, drafter):
    page = client.get(f"/sections/{section.id}").text
    assert 'data-testid="word-download"' in page and "从 Word 导入" in page
    data = client.get(f"/sections/{section.id}/docx").data
    document = docx.Document(io.BytesIO(data))
    paragraph = next(p for p in document.paragraphs if "12亿元" in p.text)
    paragraph.runs[0].text = paragraph.runs[0].text.replace("12亿元", "12.3亿元")
    out = io.BytesIO()
    document.save(out)
    result = _post(client, f"/sections/{section.id}/docx", out.getvalue())
    assert result.status_code == 200
    assert 'data-status="saved"' in result.text and "已保存为新版本" in result.text


def test_a_bad_file_says_nothing_was_imported(client, section, drafter):
    result = _post(client, f"/sections/{section.id}/docx", b"garbage")
    assert result.status_code == 422
    assert 'data-testid="upload-error"' in result.text and "均未导入" in result.text


def test_report_page_offers_the_whole_report(client, section, drafter):
    page = client.get(f"/reports/{section.report_id}").text
    assert 'data-testid="word-report-tools"' in page
    download = client.get(f"/reports/{section.report_id}/docx")
    assert download.status_code == 200 and download.data[:2] == b"PK"
