"""The sign-off confirmation page shows the 署名 the final document will print, and says when
there is none (an imported report has no issuer until someone enters it)."""

from __future__ import annotations

import pytest

from webapp.extensions import db
from webapp.models import Report
from webapp.services import reports
from webapp.text.nodes import Outline, OutlineNode


@pytest.fixture
def leader(make_user):
    return make_user("leader", None)


@pytest.fixture
def report(make_user) -> Report:
    outline = Outline(
        title="市卫生健康委员会2021年上半年工作总结",
        sections=(OutlineNode("numbered", 1, "总体情况", "各项工作有序推进。"),),
    )
    return reports.create_from_outline(outline, make_user("admin", None))


def test_confirmation_page_warns_that_the_final_document_has_no_issuer(
    client, login, report, leader
):
    login(leader)
    page = client.get(f"/reports/{report.id}/sign-off").text
    assert 'data-testid="issuer-missing"' in page
    assert f'href="/reports/{report.id}#document-details"' in page


def test_confirmation_page_shows_the_issuer_once_entered(client, login, report, leader):
    report.issuer = "市卫生健康委员会"
    db.session.commit()
    login(leader)
    page = client.get(f"/reports/{report.id}/sign-off").text
    assert "定稿落款：市卫生健康委员会" in page
    assert 'data-testid="issuer-missing"' not in page
