"""Fixtures for the pure text tests: the shared sample reports."""

from __future__ import annotations

import pytest

from conftest import SAMPLES_DIR


@pytest.fixture(scope="session")
def fagaiju_text() -> str:
    """县发改局 2020 summary and 2021 plan, exactly as the office wrote it."""
    # No skip when it is missing: CI always has ../shared beside the repository.
    return (SAMPLES_DIR / "fagaiju-2020.txt").read_text(encoding="utf-8")
