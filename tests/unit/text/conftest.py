"""Fixtures for the pure text tests: the shared sample reports."""

from __future__ import annotations

from pathlib import Path

import pytest

# /work/main/tests/unit/text → /work/main → the shared folder beside the repository.
SAMPLES_DIR = Path(__file__).resolve().parents[3] / ".." / "shared" / "samples"


@pytest.fixture(scope="session")
def fagaiju_text() -> str:
    """县发改局 2020 summary and 2021 plan, exactly as the office wrote it."""
    path = SAMPLES_DIR / "fagaiju-2020.txt"
    if not path.exists():
        pytest.skip(f"sample not found: {path}")
    return path.read_text(encoding="utf-8")
