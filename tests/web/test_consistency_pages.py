"""The report page's consistency panel: a button on the page, findings from its own route."""

from __future__ import annotations

import pytest

from conftest import simple_outline
from webapp.services import drafting


@pytest.fixture
def report(make_report, make_department):
    outline = simple_outline(
        ("办学条件", "全年新建学校12所。"), ("项目建设", "新建学校15所，力争2026年建成。")
    )
    return make_report(outline, department=make_department("jiaoyu"))


def test_report_page_offers_the_check(client, login_as, report):
    login_as("leader", None)
    page = client.get(f"/reports/{report.id}").text
    assert 'data-testid="consistency-run"' in page
    assert f'hx-get="/reports/{report.id}/consistency"' in page


def test_panel_lists_findings_with_links_to_both_places(client, login_as, report):
    login_as("reviewer", report.sections[0].department)
    response = client.get(f"/reports/{report.id}/consistency")
    assert response.status_code == 200
    page = response.text
    assert page.count('data-testid="consistency-finding"') == 2
    assert 'data-code="quantity-mismatch"' in page and 'data-code="plan-year"' in page
    first, second = report.sections
    assert f'href="/sections/{first.id}"' in page and f'href="/sections/{second.id}"' in page
    assert f'href="/sections/{second.id}/review"' in page
    assert "一、办学条件" in page and '<q class="tg-doc">12所</q>' in page


def test_a_consistent_report_says_so(client, login_as, make_report):
    login_as("leader", None)
    report = make_report()
    page = client.get(f"/reports/{report.id}/consistency").text
    assert 'data-testid="consistency-clean"' in page
    assert 'data-testid="consistency-finding"' not in page


def test_user_text_is_escaped(client, login_as, report, make_user):
    drafter = make_user("drafter", report.sections[1].department)
    second = report.sections[1]
    drafting.save_revision(second.id, drafter, second.head_revision, "<b>新建学校15所</b>")
    login_as("leader", None)
    page = client.get(f"/reports/{report.id}/consistency").text
    assert "<b>" not in page


def test_outsiders_get_403(client, login_as, report):
    login_as("drafter")
    assert client.get(f"/reports/{report.id}/consistency").status_code == 403


def test_signed_in_only(client, report):
    assert client.get(f"/reports/{report.id}/consistency").status_code == 302


def test_english_panel_names_each_kind_of_finding(client, login_as, report):
    login_as("leader", None)
    page = client.get(f"/reports/{report.id}/consistency?lang=en").text
    assert "A figure stated two ways" in page and "Plan names the year summed up" in page
