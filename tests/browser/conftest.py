"""Playwright with Debian's Chromium (no browser download) against a real gunicorn server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from support.processes import gunicorn_server
from webapp import create_app
from webapp.extensions import db
from webapp.services import demo

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these, Chromium keeps trying to reach Google's services on this closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(settings: dict) -> Iterator[str]:
    """gunicorn serving the app on a database loaded with the demo data."""
    app = create_app(settings)
    with app.app_context():
        demo.load()
        db.session.remove()
        db.engine.dispose()
    server_settings = {
        k: v
        for k, v in settings.items()
        if k in ("DATABASE_URL", "INSTANCE_PATH", "SECRET_KEY", "BROKER_URL")
    }
    server, url = gunicorn_server(server_settings)
    yield url
    server.stop()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
