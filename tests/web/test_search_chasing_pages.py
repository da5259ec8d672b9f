"""The search page, the claim on the review and report pages, the leader's overdue list."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import simple_outline
from webapp.extensions import db
from webapp.services import claims, drafting, workflow
from webapp.services.deadlines import china_today


@pytest.fixture
def team(make_department, make_user, make_report) -> dict:
    department = make_department("jiaoyu", "教育股")
    report = make_report(
        simple_outline(("教育事业", "新建学校12所。"), ("卫生事业", "<i>医院</i>建设。")),
        department=department,
    )
    drafter = make_user("drafter", department)
    section = report.sections[0]
    drafting.save_revision(section.id, drafter, 1, "新建学校15所。")
    workflow.submit(section.id, drafter)
    return {"report": report, "section": section, "department": department}


def test_the_navbar_has_a_search_box(client, login_as):
    login_as("leader")
    page = client.get("/").text
    assert 'data-testid="navbar-search"' in page and 'action="/search"' in page


def test_search_page_lists_highlighted_escaped_hits_with_links(client, team, login_as):
    login_as("leader")
    page = client.get("/search?q=医院").text
    section_id = team["report"].sections[1].id
    assert f'href="/sections/{section_id}"' in page
    assert "&lt;i&gt;<mark>医院</mark>&lt;/i&gt;" in page
    assert "<i>医院" not in page


def test_search_page_explains_a_query_without_words(client, login_as):
    login_as("leader")
    page = client.get("/search?q=，，")
    assert page.status_code == 200 and "请输入要搜索的词" in page.text


def test_claiming_on_the_review_page_shows_the_reviewer_to_others(client, team, make_user, login):
    zhang = make_user("reviewer", team["department"], "zhang")
    login(zhang)
    url = f"/sections/{team['section'].id}/review"
    assert 'data-testid="claim"' in client.get(url).text
    client.post(f"/sections/{team['section'].id}/claim")
    assert 'data-testid="release"' in client.get(url).text
    login(make_user("reviewer", team["department"]))
    review = client.get(url).text
    assert f"正在审核：{zhang.display_name}" in review and 'data-testid="claim"' not in review
    report = client.get(f"/reports/{team['report'].id}").text
    assert f"正在审核：{zhang.display_name}" in report


def test_a_second_claim_is_refused_with_a_message(client, team, make_user, login):
    claims.claim(team["section"].id, make_user("reviewer", team["department"], "zhang"))
    login(make_user("reviewer", team["department"]))
    page = client.post(f"/sections/{team['section'].id}/claim", follow_redirects=True).text
    assert "正在审核这个章节" in page


def test_the_leader_chases_an_overdue_department_from_the_dashboard(
    client, team, make_user, login_as
):
    team["section"].deadline = china_today() - timedelta(days=1)
    db.session.commit()
    login_as("leader")
    assert 'hx-get="/overdue"' in client.get("/").text
    listing = client.get("/overdue", headers={"HX-Request": "true"}).text
    assert 'data-department="jiaoyu"' in listing and "<html" not in listing
    chased = client.post(
        f"/reports/{team['report'].id}/chase", data={"department": "jiaoyu"}, follow_redirects=True
    ).text
    assert "已催办" in chased
    again = client.post(
        f"/reports/{team['report'].id}/chase", data={"department": "jiaoyu"}, follow_redirects=True
    ).text
    assert "刚刚已催办过教育股" in again
    assert 'data-testid="chased"' in client.get("/overdue").text


def test_others_cannot_see_the_overdue_list(client, team, login_as):
    login_as("reviewer", team["department"])
    assert client.get("/overdue").status_code == 403
    assert 'hx-get="/overdue"' not in client.get("/").text
