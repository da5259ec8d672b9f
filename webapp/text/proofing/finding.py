"""The value every proofreading rule returns: what is wrong, where, and what to write instead."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]

# Chinese characters (CJK Unified Ideographs, Extension A and the compatibility block):
# the context in which Chinese punctuation and spacing rules apply.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")
# Characters that make their neighbourhood Chinese: ideographs and Chinese punctuation.
_CHINESE_CONTEXT = re.compile(f"[{CJK}“”‘’（）《》【】、。，；：！？…—]")


@dataclass(frozen=True)
class ProofFinding:
    """One problem: `text` is exactly `source[start:end]` of the checked string."""

    code: str
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The JSON shape used by the CLI and the API (keys as the dataclass fields)."""
        return asdict(self)


def finding_at(
    source: str,
    start: int,
    end: int,
    code: str,
    severity: Severity,
    message: str,
    suggestion: str | None = None,
) -> ProofFinding:
    """A finding for source[start:end], so that its text can never disagree with its offsets."""
    return ProofFinding(code, severity, start, end, source[start:end], message, suggestion)


def is_cjk(ch: str) -> bool:
    """True for a Chinese character (not punctuation)."""
    return bool(ch) and CJK_CHAR.match(ch) is not None


def is_chinese_context(ch: str) -> bool:
    """True for a Chinese character or a Chinese punctuation mark."""
    return bool(ch) and _CHINESE_CONTEXT.match(ch) is not None


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of `text`, newline excluded, for rules that work per line."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans
