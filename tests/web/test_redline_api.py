"""痕迹稿 downloads over the API and from the history and versions pages: real Word revisions
whose accept-all is the newer text and reject-all the older, with the revision's author."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import quote

import pytest
from lxml import etree

from webapp.services import accounts, assembly, drafting

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


@pytest.fixture
def report(make_report, make_department):
    return make_report(department=make_department("zonghe"))


@pytest.fixture
def drafter(make_user, report):
    return make_user("drafter", report.sections[0].department)


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {accounts.issue_token(user.username)}"}


def document_xml(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def visible_text(root: etree._Element, accept: bool) -> str:
    """All text after accept-all (or reject-all), revisions applied on the XML."""
    removed = "del" if accept else "ins"
    for element in list(root.iter(f"{{{W}}}{removed}")):
        if element.getparent().tag != f"{{{W}}}rPr":
            element.getparent().remove(element)
    return "".join(root.xpath(".//w:t/text() | .//w:delText/text()", namespaces=NS))


def test_section_redline_between_two_revisions(client, report, drafter):
    section = report.sections[0]
    drafting.save_revision(section.id, drafter, 1, "今年工作稳中有进，成效明显。")
    response = client.get(
        f"/api/v1/sections/{section.id}/redline?from=1&to=2", headers=bearer(drafter)
    )
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    name = quote("某局2026年工作总结-一、总体情况-痕迹稿-r1-r2.docx", safe="")
    assert f"filename*=UTF-8''{name}" in response.headers["Content-Disposition"]
    root = document_xml(response.data)
    assert "今年工作稳中有进，成效明显。" in visible_text(root, accept=True)
    assert "今年工作稳中有进。" in visible_text(document_xml(response.data), accept=False)
    authors = set(root.xpath(".//w:ins/@w:author | .//w:del/@w:author", namespaces=NS))
    assert authors == {drafter.display_name}


def test_report_redline_between_two_versions(client, report, make_user, drafter):
    leader = make_user("leader")
    assembly.run_job(assembly.create_job(report.id, leader, ["txt"], draft=True).id)
    section = report.sections[1]
    drafting.save_revision(section.id, drafter, 1, "短板仍然明显，人手不足。")
    assembly.run_job(assembly.create_job(report.id, leader, ["txt"], draft=True).id)
    response = client.get(
        f"/api/v1/reports/{report.id}/redline?from=1&to=2", headers=bearer(leader)
    )
    assert response.status_code == 200
    root = document_xml(response.data)
    assert "二、存在问题短板仍然明显，人手不足。" in visible_text(root, accept=True)
    assert "二、存在问题短板仍然明显。" in visible_text(document_xml(response.data), accept=False)
    assert root.xpath(".//w:ins/@w:author", namespaces=NS) == [drafter.display_name]


def test_report_redline_since_the_last_approval_marks_unapproved_text_inserted(
    client, report, make_user
):
    leader = make_user("leader")
    response = client.get(
        f"/api/v1/reports/{report.id}/redline?since=approved", headers=bearer(leader)
    )
    assert response.status_code == 200
    root = document_xml(response.data)
    assert "今年工作稳中有进。" in visible_text(root, accept=True)
    assert "今年工作稳中有进。" not in visible_text(document_xml(response.data), accept=False)


@pytest.mark.parametrize(
    ("query", "status"),
    [("from=1&to=9", 404), ("from=a&to=2", 422), ("since=yesterday", 422)],
)
def test_bad_report_redline_requests(client, report, make_user, query, status):
    response = client.get(
        f"/api/v1/reports/{report.id}/redline?{query}", headers=bearer(make_user("leader"))
    )
    assert response.status_code == status and response.is_json


def test_outsiders_may_not_download_a_section_redline(client, report, make_user, make_department):
    outsider = make_user("drafter", make_department("other"))
    response = client.get(
        f"/api/v1/sections/{report.sections[0].id}/redline?from=1&to=1", headers=bearer(outsider)
    )
    assert response.status_code == 403


def test_history_and_versions_pages_link_the_redlines(client, report, make_user, login, drafter):
    leader = make_user("leader")
    login(leader)
    section_id = report.sections[0].id
    only_one = client.get(f"/sections/{section_id}/history").text
    assert 'data-testid="download-redline"' not in only_one  # nothing to compare yet
    drafting.save_revision(section_id, drafter, 1, "今年工作稳中有进，成效明显。")
    history = client.get(f"/sections/{section_id}/history").text
    assert f'formaction="/api/v1/sections/{section_id}/redline"' in history
    versions = client.get(f"/reports/{report.id}/documents").text
    assert f"/api/v1/reports/{report.id}/redline?since=approved" in versions
    # A browser session may download it (GET needs no CSRF header).
    response = client.get(f"/api/v1/sections/{report.sections[0].id}/redline?from=1&to=1")
    assert response.status_code == 200
