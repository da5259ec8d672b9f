"""Tasks for the broker fault soak: slow enough to be held while Redis restarts."""

from __future__ import annotations

import time
from pathlib import Path

from workers import celery_app


@celery_app.task(name="tests.soak.touch_after")
def touch_after(path: str, delay_s: float) -> None:
    """Sleep, then create `path`: the file is the test's proof that the task ran."""
    time.sleep(delay_s)
    Path(path).touch()
