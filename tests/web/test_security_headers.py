"""Security headers: CSP without inline script, no framing, referrer policy, HSTS on HTTPS."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapp import create_app

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


@pytest.mark.parametrize("path", ["/login", "/"])
def test_every_page_forbids_inline_script_and_framing(client, login_as, path):
    login_as("drafter")
    response = client.get(path)
    csp = _csp(response)
    assert csp["script-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response.headers


def test_no_template_has_inline_script_or_event_handlers():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        assert not inline_script.search(text), template
        assert not handler.search(text), template


def test_hsts_is_sent_when_cookies_are_https_only(settings):
    app = create_app({**settings, "SESSION_COOKIE_SECURE": True})
    response = app.test_client().get("/login", base_url="https://tonggao.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_plain_http_is_not_redirected(client):
    assert client.get("/login").status_code == 200
