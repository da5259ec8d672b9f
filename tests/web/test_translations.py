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
