"""Fixtures for the pure text tests: the shared sample reports."""

from __future__ import annotations

import pytest

from conftest import SAMPLES_DIR


@pytest.fixture(scope="session")
def fagaiju_text() -> str:
    """县发改局 2020 summary and 2021 plan, exactly as the office wrote it."""
    # No skip when it is missing: CI always has ../shared beside the repository.
    return (SAMPLES_DIR / "fagaiju-2020.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def weijian_bytes() -> bytes:
    """市卫健委 2021 half-year summary as a Windows editor saved it (CRLF line endings)."""
    return (SAMPLES_DIR / "weijian-2021.txt").read_bytes()
