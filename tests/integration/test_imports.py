"""Importing existing reports: uploads checked, the sample's tree stored, departments assigned."""

from __future__ import annotations

import io

import pytest
from docx import Document

from conftest import SAMPLES_DIR
from webapp.services import imports, reports
from webapp.services.errors import Forbidden, InvalidInput, PayloadTooLarge

SAMPLE = SAMPLES_DIR / "fagaiju-2020.txt"


def test_sample_imports_as_the_tree_a_reader_sees(make_user):
    admin = make_user("admin")
    parsed = imports.parse_upload(SAMPLE.name, SAMPLE.read_bytes())
    report = imports.import_report(parsed, admin, source_name=SAMPLE.name)
    outline = reports.outline_json(report)
    assert outline["title"] == "县发展和改革局2020年工作总结和2021年工作思路"
    assert outline["year"] == 2020
    kinds = [node["kind"] for node in outline["sections"]]
    assert kinds == ["preamble", "numbered", "numbered", "numbered", "part"]
    part = outline["sections"][-1]
    assert part["heading"] == "2021年工作思路" and len(part["children"]) == 4
    items = outline["sections"][2]["children"]
    assert items[0]["heading"] == "项目谋划储备持续加强。" and items[0]["run_in"]
    assert all(node["revision"] == 1 for node in outline["sections"])


def test_gb18030_text_and_docx_are_accepted(make_user):
    text = "某局2026年工作总结\n一、总体情况\n今年工作稳中有进。\n"
    assert imports.parse_upload("a.txt", text.encode("gb18030")).title == "某局2026年工作总结"
    document = Document()
    document.add_heading("某局2026年工作总结", 0)
    document.add_paragraph("一、总体情况")
    document.add_paragraph("今年工作稳中有进。")
    buffer = io.BytesIO()
    document.save(buffer)
    parsed = imports.parse_upload("a.docx", buffer.getvalue())
    assert parsed.sections and parsed.sections[-1].heading == "总体情况"


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("report.pdf", b"%PDF-1.4", InvalidInput),
        ("report.docx", b"not a zip", InvalidInput),
        ("report.txt", b"%PDF-1.4 binary", InvalidInput),
        ("report.txt", "字".encode() * 3_000_000, PayloadTooLarge),
        ("empty.txt", b"", InvalidInput),
    ],
)
def test_bad_uploads_get_a_clear_error(app, name, data, error):
    with pytest.raises(error) as raised:
        imports.parse_upload(name, data)
    assert raised.value.message


def test_assignments_and_authorization(make_user, make_department):
    department = make_department("zonghe")
    parsed = imports.parse_upload(SAMPLE.name, SAMPLE.read_bytes())
    with pytest.raises(Forbidden):
        imports.import_report(parsed, make_user("drafter"))
    with pytest.raises(InvalidInput):
        imports.import_report(parsed, make_user("admin"), assignments={999: "zonghe"})
    report = imports.import_report(
        parsed, make_user("leader"), assignments={0: "zonghe", 1: "zonghe"}
    )
    ordered = sorted(report.sections, key=lambda section: section.position)
    assert [s.department for s in ordered[:3]] == [department, department, None]


def test_crlf_sample_stores_prose_items_as_editable_body_and_headings_as_structure(make_user):
    weijian = SAMPLES_DIR / "weijian-2021.txt"
    admin = make_user("admin")
    report = imports.import_report(imports.parse_upload(weijian.name, weijian.read_bytes()), admin)
    rows = reports.section_rows(report.id)
    by_heading = {row.section.heading: row for row in rows}
    assert by_heading["上半年工作开展情况"].section.heading_only is True
    assert by_heading["存在的主要问题"].section.heading_only is False
    paragraphs = [row for row in rows if row.section.kind == "numbered" and not row.section.heading]
    assert len(paragraphs) == 5 and all(row.section.is_task for row in paragraphs)
    assert paragraphs[0].body == "新增三级医院1家，二级医院达标率提升至××%。"
    assert not any("\r" in row.body or "\r" in row.section.heading for row in rows)
    first = reports.revision_row(paragraphs[0].section.id, 1)
    assert first.heading == "" and first.sha256 == reports.revision_sha256("", first.body)


@pytest.mark.parametrize(
    "raw",
    [
        '{"title": "x", "sections": [{"kind": "part", "level": 0, "heading": "", "body": ""}]}',
        "null",
    ],
)
def test_preview_tree_refuses_malformed_trees_with_a_code(app, raw):
    with pytest.raises(InvalidInput) as error:
        imports.preview_tree(raw)
    assert error.value.code == "invalid_tree"
