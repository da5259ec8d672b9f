"""Every UI string extracted from the code has an English translation, and English pages use it."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "webapp" / "translations"


def test_every_extracted_string_is_translated_to_english():
    template = read_po((TRANSLATIONS / "messages.pot").open("rb"))
    english = read_po((TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po").open("rb"))
    missing = [
        message.id
        for message in template
        if message.id and not (english.get(message.id) and english.get(message.id).string)
    ]
    assert missing == []


def test_english_dashboard_has_english_navigation(client, login_as):
    login_as("admin")
    client.post("/lang/en", data={"next": "/"})
    page = client.get("/").text
    assert "Dashboard" in page and "Notifications" in page and "工作台" not in page


def test_english_pages_say_en_and_chinese_pages_zh_hans_with_a_skip_link(client, login_as):
    login_as("admin")
    chinese = client.get("/").text
    assert '<html lang="zh-Hans">' in chinese and 'href="#main">跳到正文<' in chinese
    client.post("/lang/en", data={"next": "/"})
    english = client.get("/").text
    assert '<html lang="en">' in english and 'href="#main">Skip to content<' in english
    assert '<button class="btn btn-sm btn-link text-white" lang="zh-Hans">中文</button>' in english


def test_english_report_kind_and_audit_date_filter(client, login_as, make_report):
    report = make_report()
    login_as("admin")
    client.post("/lang/en", data={"next": "/"})
    assert "Work summary" in client.get(f"/reports/{report.id}").text
    audit = client.get("/admin/audit").text
    assert ">From<" in audit and ">To<" in audit and "Deadline" not in audit


def test_a_service_error_reads_in_english(client, login_as, make_report, make_department):
    section = make_report(department=make_department("zonghe")).sections[0]
    login_as("admin")
    client.post("/lang/en", data={"next": "/"})
    response = client.post(
        f"/reports/{section.report_id}/assign",
        data={f"dept-{section.id}": "zonghe", f"deadline-{section.id}": "明天"},
    )
    assert response.status_code == 422
    assert "Dates look like 2026-11-25: 明天" in response.text
