"""Characters or words typed twice (为为, 的的, 彻底彻底), told apart from reduplication.

Chinese reduplicates freely (常常, 紧紧, 认认真真, 年年, 研究研究), and a character often
repeats across a word boundary (学习|习近平, 的|的确), so a doubled character alone proves
nothing. Candidates found in the raw text are judged by jieba's segmentation of the run
of text around them:

- AA is a slip when both characters stand as single-character tokens (or jieba's HMM glued
  them into a non-dictionary token) and the character is a function word, which never
  reduplicates (的的, 为为, 在在, 了了). Content characters do (年年, 件件, 村村), and
  doubles inside a dictionary word (紧紧围绕, 不了了之) or across a word boundary are language.
  The one exception across a boundary is 们, a suffix that never stands alone (我们们).
- ABAB is a slip when the unit is a token and its copy starts the next token (彻底|彻底解决),
  unless the unit is a verb (研究研究, 讨论讨论: “have a go at”), a state adjective
  (雪白雪白) or a numeral-classifier (一步一步).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import jieba

from webapp.text.proofing.finding import ProofFinding, Severity, finding_at

CHAR_CODE = "doubled-char"
WORD_CODE = "doubled-word"
# Function words: prepositions, conjunctions, particles, pronouns and adverbs that do not
# reduplicate, so a doubled one is a typing slip.
FUNCTION_CHARS = frozenset(
    "的了着地得之吗呢吧"  # particles
    "为在对把被将从向于由以给"  # prepositions
    "和与及而并或但且若即则"  # conjunctions
    "是也都又还就已使所其这那该此"  # verbs, adverbs, pronouns
)
# A suffix that never stands alone: 我们们, 他们们.
BOUND_SUFFIXES = frozenset("们")
# Word classes whose ABAB form is grammatical: verbs (v, vn, vd …) and state adjectives (z).
REDUPLICATING_TAGS = ("v", "z")

# jieba segments maximal runs of these characters independently (jieba.re_han_default), so
# segmenting only the run around a candidate gives the tokens a whole-text cut would.
_HAN = "\u4e00-\u9fd5"
_RUN_CHAR = re.compile(rf"[{_HAN}a-zA-Z0-9+#&._%\-]")
_DOUBLED_CHAR = re.compile(rf"([{_HAN}])\1+")
_DOUBLED_UNIT = re.compile(rf"([{_HAN}]{{2,4}})\1")


@cache
def tokenizer() -> jieba.Tokenizer:
    """jieba's default tokenizer with its dictionary loaded: once per process, on first use."""
    jieba.setLogLevel(60)  # jieba logs “Building prefix dict …” at INFO on every load
    jieba.dt.initialize()
    return jieba.dt


@cache
def _word_tags() -> dict[str, str]:
    """Part-of-speech tags of dictionary words, read only when an ABAB candidate needs them."""
    tokenizer()
    import jieba.posseg  # loads the tag table at import: keep it off the common path

    return jieba.posseg.dt.word_tag_tab


@dataclass(frozen=True)
class _Segmentation:
    """jieba's tokens of one run of text, as offsets into the checked text."""

    starts: dict[int, str]  # token start → token
    ends: dict[int, str]  # token end → token

    @classmethod
    def of(cls, text: str, start: int, end: int) -> _Segmentation:
        tokens = list(tokenizer().tokenize(text[start:end]))
        return cls(
            starts={start + a: word for word, a, _ in tokens},
            ends={start + b: word for word, _, b in tokens},
        )


def check(text: str) -> Iterator[ProofFinding]:
    """Doubled function characters (error) and doubled words (warning)."""
    segmentations: dict[int, _Segmentation] = {}

    def segmentation_at(offset: int) -> _Segmentation:
        start, end = _run_around(text, offset)
        if start not in segmentations:
            segmentations[start] = _Segmentation.of(text, start, end)
        return segmentations[start]

    for found in _DOUBLED_CHAR.finditer(text):
        if _is_doubled_char(found, segmentation_at(found.start())):
            yield _finding(text, found.start(), found.end(), CHAR_CODE, "error", found.group(1))
    for found in _DOUBLED_UNIT.finditer(text):
        if _is_doubled_word(found, segmentation_at(found.start())):
            unit = found.group(1)
            yield _finding(text, found.start(), found.end(), WORD_CODE, "warning", unit)


def _run_around(text: str, offset: int) -> tuple[int, int]:
    start = end = offset
    while start > 0 and _RUN_CHAR.match(text, start - 1):
        start -= 1
    while end < len(text) and _RUN_CHAR.match(text, end):
        end += 1
    return start, end


def _is_doubled_char(found: re.Match[str], seg: _Segmentation) -> bool:
    char, start, end = found.group(1), found.start(), found.end()
    if char in BOUND_SUFFIXES:
        closes_word = seg.ends.get(start + 1, "").endswith(char)
        return (closes_word and seg.starts.get(start + 1) == char) or _all_single(seg, start, end)
    if char not in FUNCTION_CHARS:
        return False
    if _all_single(seg, start, end):
        return True
    # jieba's HMM glues unknown pairs such as 其其 into one token; a dictionary word it is not.
    glued = seg.starts.get(start)
    return glued == found.group(0) and not tokenizer().FREQ.get(glued)


def _all_single(seg: _Segmentation, start: int, end: int) -> bool:
    return all(len(seg.starts.get(offset, "")) == 1 for offset in range(start, end))


def _is_doubled_word(found: re.Match[str], seg: _Segmentation) -> bool:
    unit, start = found.group(1), found.start()
    middle = start + len(unit)
    if seg.starts.get(start) != unit or not seg.starts.get(middle, "").startswith(unit):
        return False
    if unit.startswith("一") or len(set(unit)) == 1:
        return False  # 一步一步, 一点一点; AAAA is left to the AA rule
    return not _word_tags().get(unit, "").startswith(REDUPLICATING_TAGS)


def _finding(
    text: str, start: int, end: int, code: str, severity: Severity, single: str
) -> ProofFinding:
    message = f"“{text[start:end]}”疑似重复输入，应为“{single}”"
    return finding_at(text, start, end, code, severity, message, single)
