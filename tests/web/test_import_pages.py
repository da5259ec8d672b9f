"""The import pages: upload, see the parsed tree, assign departments, create."""

from __future__ import annotations

import html
import io
import json
import re

from conftest import SAMPLES_DIR

SAMPLE = SAMPLES_DIR / "fagaiju-2020.txt"


def test_upload_shows_the_tree_then_creates_the_report(client, login_as, make_department):
    make_department("zonghe", "综合规划股")
    login_as("admin")
    preview = client.post(
        "/reports/import",
        data={"file": (io.BytesIO(SAMPLE.read_bytes()), SAMPLE.name)},
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200
    assert "项目谋划储备持续加强" in preview.text and "来源：网络整理" in preview.text
    escaped = re.search(r'name="outline" value="([^"]*)"', preview.text).group(1)
    outline = json.loads(html.unescape(escaped))
    created = client.post(
        "/reports/import/confirm",
        data={"outline": json.dumps(outline), "title": "改过的标题", "dept-0": "zonghe"},
    )
    assert created.status_code == 302
    page = client.get(created.headers["Location"])
    assert "改过的标题" in page.text and "综合规划股" in page.text


def test_wrong_file_type_is_a_form_message(client, login_as):
    login_as("admin")
    response = client.post(
        "/reports/import",
        data={"file": (io.BytesIO(b"MZ\x90\x00"), "virus.exe")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and "不支持的文件类型" in response.text


def test_tampered_outline_is_rejected_without_a_500(client, login_as):
    login_as("admin")
    response = client.post("/reports/import/confirm", data={"outline": '{"title": 5}'})
    assert response.status_code == 400 and "导入数据无效" in response.text


def test_drafter_cannot_import(client, login_as):
    login_as("drafter")
    assert client.get("/reports/import").status_code == 403
