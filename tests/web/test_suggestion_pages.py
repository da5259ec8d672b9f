"""Suggestion pages: propose on the review page, accept/reject in the editor, the report
page's counts, and submitting with waiting suggestions asks first."""

from __future__ import annotations

import pytest

from webapp.extensions import db
from webapp.services import drafting, suggestion_views, suggestions
from webapp.services.suggestions import Proposal

TEXT = "全年实现地区生产总值120亿元，同比增长5.2%。"


@pytest.fixture
def section(make_report, make_department):
    return make_report(department=make_department("zonghe")).sections[0]


@pytest.fixture
def drafter(make_user, section):
    user = make_user("drafter", section.department)
    drafting.save_revision(section.id, user, 1, TEXT)
    return user


@pytest.fixture
def reviewer(make_user, section):
    return make_user("reviewer", section.department)


def _suggest(section, reviewer, old="120亿元", new="121亿元") -> int:
    start = TEXT.index(old)
    return suggestions.propose(
        section.id, reviewer, Proposal(2, start, start + len(old), new, "以统计公报为准")
    ).id


def test_reviewer_proposes_from_the_review_page(client, login, section, drafter, reviewer):
    login(reviewer)
    page = client.get(f"/sections/{section.id}/review")
    assert 'data-testid="suggestion-form"' in page.text and "js/suggestions.js" in page.text
    start = TEXT.index("5.2%")
    response = client.post(
        f"/sections/{section.id}/suggestions",
        data={"revision": 2, "start": start, "end": start + 4, "replacement": "5.3%", "note": ""},
        follow_redirects=True,
    )
    assert "修改建议已提交" in response.text and 'data-testid="review-suggestions"' in response.text
    [view] = suggestion_views.for_section(section.id, reviewer)
    assert (view.suggestion.original, view.suggestion.replacement) == ("5.2%", "5.3%")


def test_drafters_see_no_suggestion_form_and_a_bad_range_is_a_message(
    client, login, section, drafter, reviewer
):
    login(drafter)
    assert 'data-testid="suggestion-form"' not in client.get(f"/sections/{section.id}/review").text
    client.post("/logout")
    login(reviewer)
    response = client.post(
        f"/sections/{section.id}/suggestions",
        data={"revision": 2, "start": 5, "end": 999, "replacement": "x"},
        follow_redirects=True,
    )
    assert response.status_code == 200 and "所选文字的位置无效" in response.text


def test_editor_shows_the_suggestion_inline_and_accepting_makes_a_revision(
    client, login, section, drafter, reviewer
):
    suggestion_id = _suggest(section, reviewer)
    login(drafter)
    page = client.get(f"/sections/{section.id}").text
    assert '<del class="diff-del">120亿元</del><ins class="diff-ins">121亿元</ins>' in page
    assert reviewer.display_name in page and "以统计公报为准" in page
    response = client.post(f"/suggestions/{suggestion_id}/accept", follow_redirects=True)
    assert "已采纳修改建议，生成第 3 版" in response.text
    db.session.refresh(section)
    assert drafting.head_body(section) == TEXT.replace("120亿元", "121亿元")


def test_accepting_over_changed_text_says_both_sides(client, login, section, drafter, reviewer):
    suggestion_id = _suggest(section, reviewer)
    drafting.save_revision(section.id, drafter, 2, TEXT.replace("120亿元", "119亿元"))
    login(drafter)
    response = client.post(f"/suggestions/{suggestion_id}/accept", follow_redirects=True)
    assert "“120亿元”改为“121亿元”" in response.text and "现在是“119亿元”" in response.text


def test_rejecting_leaves_the_text(client, login, section, drafter, reviewer):
    suggestion_id = _suggest(section, reviewer)
    login(drafter)
    response = client.post(f"/suggestions/{suggestion_id}/reject", follow_redirects=True)
    assert "已拒绝修改建议" in response.text and 'data-testid="suggestions"' not in response.text
    db.session.refresh(section)
    assert section.head_revision == 2


def test_report_page_counts_waiting_suggestions(client, login, section, drafter, reviewer):
    _suggest(section, reviewer)
    _suggest(section, reviewer, "5.2%", "5.3%")
    login(drafter)
    page = client.get(f"/reports/{section.report_id}").text
    assert 'data-testid="suggestion-counts"' in page
    assert '<span class="badge text-bg-warning">2</span>' in page


def test_submitting_with_waiting_suggestions_asks_first(client, login, section, drafter, reviewer):
    _suggest(section, reviewer)
    login(drafter)
    asked = client.post(f"/sections/{section.id}/submit")
    assert asked.status_code == 302 and "confirm_submit=1" in asked.location
    page = client.get(asked.location).text
    assert 'data-testid="confirm-submit"' in page
    db.session.refresh(section)
    assert section.status == "draft"
    client.post(f"/sections/{section.id}/submit", data={"open_suggestions_ok": "1"})
    db.session.refresh(section)
    assert section.status == "submitted"
