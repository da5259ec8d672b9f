"""Search on both databases: words found through jieba, kept current by saves, limited to
what the reader may read, rebuilt by reindex."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from conftest import simple_outline
from webapp.extensions import db
from webapp.models import SearchEntry
from webapp.services import drafting, search, search_index
from webapp.services.errors import InvalidInput


@pytest.fixture
def schools(make_report, make_department):
    department = make_department("jiaoyu", "教育股")
    report = make_report(
        simple_outline(
            ("教育事业", "全年新建学校12所，招商引资完成3.5亿元。"),
            ("存在问题", "短板仍然明显。"),
        ),
        department=department,
    )
    return report, department


def test_a_word_inside_a_section_is_found_with_a_highlighted_snippet(schools, make_user):
    report, _ = schools
    hits = search.search("学校", make_user("leader"))
    assert [hit.section_id for hit in hits] == [report.sections[0].id]
    assert "<mark>学校</mark>" in hits[0].snippet
    assert hits[0].heading_html == "教育事业"
    assert hits[0].url == f"/sections/{report.sections[0].id}"


def test_every_word_of_the_query_must_occur(schools, make_user):
    leader = make_user("leader")
    assert len(search.search("招商引资 学校", leader)) == 1
    assert search.search("招商引资 短板", leader) == []


def test_a_report_title_is_found(schools, make_user):
    report, _ = schools
    hits = search.search("工作总结", make_user("leader"))
    assert [(hit.report_id, hit.section_id) for hit in hits] == [(report.id, None)]


def test_a_save_updates_the_index_in_the_same_transaction(schools, make_user):
    report, department = schools
    drafter = make_user("drafter", department)
    section = report.sections[1]
    drafting.save_revision(section.id, drafter, 1, "乡村振兴取得新进展。")
    leader = make_user("leader")
    assert [hit.section_id for hit in search.search("乡村振兴", leader)] == [section.id]
    assert search.search("短板", leader) == []


def test_a_reader_finds_only_reports_of_their_department(schools, make_user, make_report):
    other = make_report(simple_outline(("其他工作", "新建学校5所。")))
    report, department = schools
    reviewer = make_user("reviewer", department)
    assert {hit.report_id for hit in search.search("学校", reviewer)} == {report.id}
    assert {hit.report_id for hit in search.search("学校", make_user("leader"))} == {
        report.id,
        other.id,
    }


def test_snippet_escapes_the_section_text(make_report, make_user):
    make_report(simple_outline(("标签", "<script>alert(1)</script>学校建设")))
    hit = search.search("学校", make_user("admin"))[0]
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet


def test_a_query_without_words_is_refused(make_user):
    with pytest.raises(InvalidInput) as raised:
        search.search("，。！", make_user("leader"))
    assert raised.value.code == "search_query_empty"


def test_reindex_rebuilds_a_lost_index(schools, make_user):
    db.session.execute(delete(SearchEntry))
    db.session.commit()
    leader = make_user("leader")
    assert search.search("学校", leader) == []
    assert search_index.reindex_all() == 3
    assert len(search.search("学校", leader)) == 1


def test_a_word_jieba_cuts_apart_in_context_is_still_found(make_report, make_user):
    report = make_report(simple_outline(("水利", "北山乡河长制工作取得新进展。")))
    hits = search.search("河长制", make_user("leader"))
    assert [hit.section_id for hit in hits] == [report.sections[0].id]
    assert "<mark>河长制</mark>" in hits[0].snippet


def test_readable_report_ids_agrees_with_can_read_report(make_report, make_department, make_user):
    """The query form of the policy decides like the predicate, 会签 included."""
    from sqlalchemy import select

    from webapp.models import Report, SectionCountersign
    from webapp.services import policy

    own, signer, outsider = make_department(), make_department(), make_department()
    written = make_report(department=own)
    countersigned = make_report(department=make_department())
    db.session.add(
        SectionCountersign(section_id=countersigned.sections[0].id, department_id=signer.id)
    )
    db.session.commit()
    make_report()
    users = [make_user("drafter", d) for d in (own, signer, outsider)]
    users += [make_user("leader"), make_user("admin")]
    for user in users:
        query = policy.readable_report_ids(user)
        ids = set(db.session.scalars(query)) if query is not None else None
        for report in db.session.scalars(select(Report)):
            expected = policy.can_read_report(user, report)
            assert (ids is None or report.id in ids) == expected, (user.username, report.title)
    assert written.id in set(db.session.scalars(policy.readable_report_ids(users[0])))
