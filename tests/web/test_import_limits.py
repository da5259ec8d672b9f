"""Hostile imports end in a clear message, never a 500: nesting, section floods, long bodies."""

from __future__ import annotations

import io
import json

import pytest

from conftest import simple_outline
from webapp.services import imports
from webapp.text.nodes import outline_to_dict


def _nested_outline(depth: int) -> str:
    """Sections nested `depth` deep, written as text (json.dumps itself would recurse)."""
    node = '{"kind": "numbered", "level": 1, "heading": "甲", "body": "", "run_in": false, '
    tree = (node + '"children": [') * depth + node + '"children": []}' + "]}" * depth
    return '{"title": "报告", "dropped": [], "sections": [' + tree + "]}"


@pytest.mark.parametrize(
    "posted",
    [
        _nested_outline(5000),
        "[" * 200_000 + "]" * 200_000,
    ],
    ids=["deep-section-tree", "deep-json"],
)
def test_deeply_nested_outline_is_bad_input_not_a_500(client, login_as, posted):
    login_as("admin")
    response = client.post("/reports/import/confirm", data={"outline": posted})
    assert response.status_code == 400 and "导入数据无效" in response.text


def test_a_flood_of_sections_is_refused_on_upload(client, login_as, monkeypatch):
    monkeypatch.setattr(imports, "MAX_IMPORT_SECTIONS", 5)
    login_as("admin")
    text = "报告\n" + "".join(f"{n}. 事项{n}。\n" for n in range(1, 8))
    response = client.post(
        "/reports/import",
        data={"file": (io.BytesIO(text.encode()), "a.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and "章节过多" in response.text


def test_too_many_lines_are_refused_before_parsing(client, login_as, monkeypatch):
    monkeypatch.setattr(imports, "MAX_IMPORT_LINES", 10)
    login_as("admin")
    response = client.post(
        "/reports/import",
        data={"file": (io.BytesIO(("行\n" * 11).encode()), "a.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and "行数过多" in response.text


def test_imported_bodies_obey_max_body_chars(app, client, login_as):
    app.config["MAX_BODY_CHARS"] = 50
    login_as("admin")
    outline = simple_outline(("总体情况", "字" * 51))
    response = client.post(
        "/reports/import/confirm", data={"outline": json.dumps(outline_to_dict(outline))}
    )
    assert response.status_code == 400 and "正文过长" in response.text


def test_confirmed_outline_is_capped_like_an_upload(client, login_as, monkeypatch):
    monkeypatch.setattr(imports, "MAX_IMPORT_SECTIONS", 2)
    login_as("admin")
    outline = simple_outline(("甲", "一。"), ("乙", "二。"), ("丙", "三。"))
    response = client.post(
        "/reports/import/confirm", data={"outline": json.dumps(outline_to_dict(outline))}
    )
    assert response.status_code == 422 and "章节过多" in response.text
