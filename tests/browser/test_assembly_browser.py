"""A leader assembles the demo report in a real browser: progress bar, then DOCX and PDF.

The server is set up as in embedded mode: gunicorn and a Celery worker sharing the SQLite
database and the SQLite-backed broker (`sqla+sqlite:///<instance>/broker.db`) in one instance.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from support.browser import log_in
from support.processes import ChildProcess, celery_worker, gunicorn_server
from webapp import create_app
from webapp.extensions import db
from webapp.models import Report
from webapp.services import demo

pytestmark = pytest.mark.browser

JOB_TIMEOUT_MS = 60_000


@pytest.fixture
def embedded_server(settings: dict) -> Iterator[tuple[str, Report]]:
    """gunicorn + worker on the demo data; yields the base URL and the demo report."""
    shared = {
        "DATABASE_URL": settings["DATABASE_URL"],
        "INSTANCE_PATH": settings["INSTANCE_PATH"],
        "SECRET_KEY": settings["SECRET_KEY"],
        "BROKER_URL": f"sqla+sqlite:///{Path(settings['INSTANCE_PATH']) / 'broker.db'}",
    }
    # The test process itself loads the demo data only; it sends nothing to the broker.
    app = create_app(settings)
    with app.app_context():
        demo.load()
        report = db.session.scalars(select(Report)).one()
        db.session.expunge(report)
        db.session.remove()
        db.engine.dispose()
    worker = celery_worker(shared)
    server, url = gunicorn_server(shared)
    yield url, report
    # Both shut down gracefully (a few seconds each): in parallel.
    with ThreadPoolExecutor() as pool:
        list(pool.map(ChildProcess.stop, (server, worker)))


def test_leader_watches_the_progress_and_downloads_docx_and_pdf(
    page: Page, embedded_server: tuple[str, Report]
):
    url, report = embedded_server
    log_in(page, url, "leader")
    page.goto(f"{url}/reports/{report.id}")
    panel = page.get_by_test_id("assembly-panel")
    expect(panel.get_by_label("Word (DOCX)")).to_be_checked()
    expect(panel.get_by_label("PDF")).to_be_checked()
    panel.get_by_test_id("assemble-draft").click()

    progress = page.get_by_test_id("assembly-progress")
    expect(progress).to_have_attribute("data-state", re.compile("queued|running"))
    expect(progress).to_have_attribute("data-state", "succeeded", timeout=JOB_TIMEOUT_MS)
    expect(progress.get_by_test_id("assembly-state")).to_have_text("已完成 100%")

    for fmt, magic in (("docx", b"PK\x03\x04"), ("pdf", b"%PDF")):
        with page.expect_download() as started:
            progress.get_by_test_id(f"download-{fmt}").click()
        download = started.value
        assert download.suggested_filename == f"{report.title}-征求意见稿-v1.{fmt}"
        assert Path(download.path()).read_bytes().startswith(magic)
