"""Pages: create a report from scratch, build it on the structure page, correct an import."""

from __future__ import annotations

import html
import io
import json
import re

from conftest import SAMPLES_DIR
from webapp.extensions import db
from webapp.models import Report, ReportStatus, Section
from webapp.services import reports

WEIJIAN = SAMPLES_DIR / "weijian-2021.txt"


def _headings(report_id: int) -> list[str]:
    db.session.expire_all()  # the requests changed the rows behind this session's back
    rows = reports.section_rows(report_id)
    numbers = reports.section_numbers(rows)
    return [numbers.get(r.section.id, "") + r.section.heading for r in rows]


def _create(client) -> int:
    response = client.post(
        "/reports/new",
        data={"title": "某局2027年工作计划", "kind": "工作计划", "year": "2027", "issuer": "某局"},
    )
    assert response.status_code == 302
    return int(re.search(r"/reports/(\d+)/structure", response.headers["Location"]).group(1))


def test_leader_creates_a_report_and_builds_it_section_by_section(client, login_as):
    login_as("leader")
    assert "新建报告" in client.get("/reports/new").text
    report_id = _create(client)
    url = f"/reports/{report_id}/structure"
    assert client.post(f"{url}/add", data={"heading": "抓好项目"}).status_code == 302
    first = db.session.scalar(db.select(Section).where(Section.report_id == report_id))
    client.post(f"{url}/add", data={"heading": "优化环境", "after_id": first.id})
    client.post(f"{url}/add", data={"parent_id": first.id})  # “+下级”: a new child to rename
    child = db.session.scalar(db.select(Section).where(Section.heading == "新章节"))
    client.post(f"{url}/{child.id}/rename", data={"heading": "谋划储备"})
    assert _headings(report_id) == ["一、抓好项目", "（一）谋划储备", "二、优化环境"]
    client.post(f"{url}/{child.id}/outdent")
    assert _headings(report_id) == ["一、抓好项目", "二、谋划储备", "三、优化环境"]
    client.post(f"{url}/{child.id}/down")
    client.post(f"{url}/{first.id}/archive")
    page = client.get(url)
    assert page.status_code == 200
    assert _headings(report_id) == ["一、优化环境", "二、谋划储备"]
    assert "一、" in page.text and "谋划储备" in page.text


def test_bad_report_form_keeps_the_values_and_says_why(client, login_as):
    login_as("admin")
    response = client.post(
        "/reports/new", data={"title": "某局报告", "year": "二〇二七", "issuer": "某局"}
    )
    assert response.status_code == 422
    assert "年份应为数字" in response.text and 'value="某局报告"' in response.text
    assert client.post("/reports/new", data={"title": " "}).status_code == 422


def test_refused_structure_step_is_a_message_not_an_error_page(client, login_as, make_report):
    login_as("admin")
    report = make_report()
    first = report.sections[0]
    response = client.post(f"/reports/{report.id}/structure/{first.id}/up")
    assert response.status_code == 302
    assert "不能再这样移动" in client.get(response.headers["Location"]).text


def test_locked_report_structure_page_says_so(client, login_as, make_report):
    login_as("admin")
    report = make_report()
    report.status = ReportStatus.SIGNED_OFF
    db.session.commit()
    page = client.get(f"/reports/{report.id}/structure")
    assert "报告已签发，结构不能再修改" in page.text
    response = client.post(f"/reports/{report.id}/structure/add", data={"heading": "新"})
    assert "结构不能再修改" in client.get(response.headers["Location"]).text


def test_drafters_see_neither_creation_nor_structure(client, login_as, make_report):
    report = make_report()
    login_as("drafter")
    assert client.get("/reports/new").status_code == 403
    assert client.get(f"/reports/{report.id}/structure").status_code == 403


def _preview(client) -> tuple[str, dict]:
    page = client.post(
        "/reports/import",
        data={"file": (io.BytesIO(WEIJIAN.read_bytes()), WEIJIAN.name)},
        content_type="multipart/form-data",
    )
    assert page.status_code == 200
    raw = re.search(r'name="outline" value="([^"]*)"', page.text).group(1)
    return page.text, json.loads(html.unescape(raw))


def test_preview_shows_reader_numbers_and_numbered_paragraphs(client, login_as):
    login_as("admin")
    text, _ = _preview(client)
    assert "（一）</span>疫情防控常态化" in text
    assert "编号段落" in text and "新增三级医院1家" in text
    assert "import_preview.js" in text and "<script>" not in text


def test_corrected_tree_with_branch_departments_creates_the_report(
    client, login_as, make_department
):
    make_department("yizheng", "医政科")
    login_as("admin")
    _, outline = _preview(client)
    first = outline["sections"][1]
    first["department"] = "yizheng"
    for child in first["children"]:
        child["department"] = "yizheng"
    del outline["sections"][2]  # 存在的主要问题
    created = client.post("/reports/import/confirm", data={"outline": json.dumps(outline)})
    assert created.status_code == 302
    report = db.session.scalar(db.select(Report).order_by(Report.id.desc()))
    sections = reports.section_rows(report.id)
    assert "存在的主要问题" not in [row.section.heading for row in sections]
    assigned = [row.section.heading for row in sections if row.section.department]
    assert assigned[:3] == ["上半年工作开展情况", "疫情防控常态化", "医疗服务能力提升"]
    assert sections[1].section.heading_only is True


def test_bad_trees_are_form_messages_never_500(client, login_as):
    login_as("admin")
    deep: dict = {"kind": "numbered", "level": 1, "heading": "x", "body": "", "run_in": False}
    node = deep
    for _ in range(50):
        child = dict(deep, children=[])
        node["children"] = [child]
        node = child
    node["children"] = []
    wrong_level = {
        "kind": "numbered",
        "level": 2,
        "heading": "甲",
        "body": "",
        "run_in": False,
        "children": [
            {
                "kind": "numbered",
                "level": 1,
                "heading": "乙",
                "body": "",
                "run_in": False,
                "children": [],
            }
        ],
    }
    part_inside = dict(wrong_level, children=[dict(wrong_level, kind="part", level=0, children=[])])
    for sections in ([deep], [wrong_level], [part_inside], "x"):
        raw = json.dumps({"title": "报告", "sections": sections})
        response = client.post("/reports/import/confirm", data={"outline": raw})
        assert response.status_code == 400, raw[:80]
        assert 'data-testid="import-error"' in response.text
    huge = client.post("/reports/import/confirm", data={"outline": "[" * 100000})
    assert huge.status_code == 400


def test_drafter_renames_own_section_from_the_editor(client, login, make_report, make_user):
    report = make_report(department=None)
    section = report.sections[0]
    drafter = make_user("drafter")
    section.department = drafter.department
    db.session.commit()
    login(drafter)
    page = client.get(f"/sections/{section.id}")
    assert 'data-testid="rename-box"' in page.text
    response = client.post(
        f"/reports/sections/{section.id}/heading", data={"heading": "总体情况和成效"}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "标题已保存为第 2 版" in page.text and "总体情况和成效" in page.text
    other = report.sections[1]
    refused = client.post(f"/reports/sections/{other.id}/heading", data={"heading": "x"})
    assert refused.status_code == 403


def test_review_page_shows_a_heading_change(client, login, make_report, make_user):
    report = make_report(department=None)
    section = report.sections[0]
    drafter = make_user("drafter")
    section.department = drafter.department
    db.session.commit()
    from webapp.services import structure, workflow

    structure.rename(section.id, drafter, "总体情况和成效")
    workflow.submit(section.id, drafter)
    login(make_user("reviewer", drafter.department))
    page = client.get(f"/sections/{section.id}/review")
    assert 'data-testid="heading-change"' in page.text
    assert "总体情况</del>" in page.text and "总体情况和成效</ins>" in page.text


def test_editor_of_a_heading_only_node_offers_no_submission(client, login, make_user):
    from webapp.services import structure

    admin = make_user("admin")
    report = reports.create_report(reports.NewReport("某局2027年工作计划"), admin)
    parent = structure.add_section(report.id, admin, "总体要求")
    structure.add_section(report.id, admin, "指导思想", parent_id=parent.id)
    drafter = make_user("drafter")
    db.session.get(Section, parent.id).department = drafter.department
    db.session.commit()
    login(drafter)
    page = client.get(f"/sections/{parent.id}")
    assert 'data-testid="heading-only-note"' in page.text
    assert 'data-testid="submit"' not in page.text
