"""jieba's word segmentation of the text around a candidate, for rules that must tell a slip
from a word boundary (认真|真, 研究|竞争).

jieba segments maximal runs of Han characters, Latin letters and digits independently
(jieba.re_han_default), so segmenting only the run around a candidate gives the tokens a
whole-text cut would, at a fraction of the cost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import jieba

HAN = "\u4e00-\u9fd5"
_RUN_CHAR = re.compile(rf"[{HAN}a-zA-Z0-9+#&._%\-]")


@cache
def tokenizer() -> jieba.Tokenizer:
    """jieba's default tokenizer with its dictionary loaded: once per process, on first use."""
    jieba.setLogLevel(60)  # jieba logs “Building prefix dict …” at INFO on every load
    jieba.dt.initialize()
    return jieba.dt


@dataclass(frozen=True)
class Segmentation:
    """jieba's tokens of one run of text, as offsets into the checked text."""

    starts: dict[int, str]  # token start → token
    ends: dict[int, str]  # token end → token

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Segmentation:
        tokens = list(tokenizer().tokenize(text[start:end]))
        return cls(
            starts={start + a: word for word, a, _ in tokens},
            ends={start + b: word for word, _, b in tokens},
        )


@dataclass
class Segmenter:
    """Segments the runs of one text on demand, each run once."""

    text: str
    _runs: dict[int, Segmentation] = field(default_factory=dict)

    def at(self, offset: int) -> Segmentation:
        """The segmentation of the run that contains `offset`."""
        start, end = _run_around(self.text, offset)
        if start not in self._runs:
            self._runs[start] = Segmentation.of(self.text, start, end)
        return self._runs[start]


def _run_around(text: str, offset: int) -> tuple[int, int]:
    start = end = offset
    while start > 0 and _RUN_CHAR.match(text, start - 1):
        start -= 1
    while end < len(text) and _RUN_CHAR.match(text, end):
        end += 1
    return start, end
