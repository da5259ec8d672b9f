"""Break a long title into balanced lines between words (GB/T 9704-2012 §7.3.1).

A title of more than about 20 characters runs over two or more lines, and an office breaks it
where a reader pauses: between words (jieba), never inside one (“…工／作…”), and where the
lines come out about equally long in a 梯形 (the longer line first) or 菱形 (the middle line
longest) shape. jieba cuts finer than a reader does, so some of its boundaries read worse
than others: before a one-character suffix (“某某／市”, “2021／年”), around another
one-character word (“新／时代”), after a number, or inside a compound such as 工作总结. Those
cost more, so they are used only when no better break keeps every line within the limit.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from dataclasses import dataclass

from webapp.text.proofing.doubled import tokenizer

MAX_TITLE_LINE_CHARS = 20
# Joining words a title may break before or after (“…工作总结暨／下半年…”).
CONJUNCTIONS = frozenset("和及与暨并或")
# One-character words that end the word before them: a name's 市 or 局, a date's 年.
SUFFIXES = frozenset("省市县区镇乡村局委厅办部院所处科股室队站中会年月日")
# Compounds jieba cuts in two that a title must keep on one line.
COMPOUNDS = frozenset(
    "工作" + noun for noun in ("总结", "计划", "思路", "要点", "安排", "谋划", "报告", "方案")
)
# No line may start with a closing mark or end with an opening one.
CLOSING_MARKS = frozenset("，、。；：？！）》〉」』】”’")
OPENING_MARKS = frozenset("（《〈「『【“‘")
# Cost of a weak break, in characters of imbalance: a weak break is taken only when it makes
# the lines that much more even.
WEAK_BREAK_COST = 6.0
# Cost of a shape that is neither 梯形 nor 菱形 (DESIGN: the longer line first).
SHAPE_COST = 3.0
# More lines than the width demands are tried only this far.
EXTRA_LINES = 2
# Titles longer than this (in words) are broken greedily: the search would be too large.
MAX_SEARCH_WORDS = 40


@dataclass(frozen=True)
class _Word:
    text: str
    width: float


def title_lines(title: str, max_chars: int = MAX_TITLE_LINE_CHARS) -> list[str]:
    """The title's lines: lines the author broke are kept, each too long one broken again."""
    lines: list[str] = []
    for line in title.split("\n"):
        lines.extend(_break_line(line, max_chars) if width_in_chars(line) > max_chars else [line])
    return lines


def width_in_chars(text: str) -> float:
    """Width in full-width characters: digits and Latin letters count half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def _break_line(line: str, max_chars: int) -> list[str]:
    words = [_Word(w, width_in_chars(w)) for w in _words(line)]
    if len(words) > MAX_SEARCH_WORDS:
        return _greedy(words, max_chars)
    fewest = math.ceil(width_in_chars(line) / max_chars)
    best: tuple[float, tuple[int, ...]] | None = None
    for count in range(fewest, min(fewest + EXTRA_LINES, len(words)) + 1):
        for cuts in itertools.combinations(range(1, len(words)), count - 1):
            cost = _cost(words, cuts, max_chars)
            if cost is not None and (best is None or cost < best[0]):
                best = (cost, cuts)
        if best is not None:
            break
    if best is None:
        return _greedy(words, max_chars)
    return _join(words, best[1])


def _words(line: str) -> list[str]:
    words: list[str] = []
    for word in tokenizer().cut(line, HMM=True):
        if words and words[-1] + word in COMPOUNDS:
            words[-1] += word
        else:
            words.append(word)
    return words


def _cost(words: list[_Word], cuts: tuple[int, ...], max_chars: int) -> float | None:
    """Imbalance plus the price of weak breaks and a poor shape; None when not allowed."""
    widths = [sum(w.width for w in words[a:b]) for a, b in _spans(cuts, len(words))]
    if max(widths) > max_chars:
        return None
    cost = max(widths) - min(widths)
    for cut in cuts:
        strength = _break_strength(words[cut - 1].text, words[cut].text)
        if strength is None:
            return None
        cost += strength
    return cost + (0.0 if _is_balanced_shape(widths) else SHAPE_COST)


def _break_strength(before: str, after: str) -> float | None:
    """0 for a good break, WEAK_BREAK_COST for a weak one, None where no break may go."""
    if after[0] in CLOSING_MARKS or before[-1] in OPENING_MARKS:
        return None
    if before in CONJUNCTIONS or after in CONJUNCTIONS:
        return 0.0
    if after in SUFFIXES or before[-1].isdigit():
        return WEAK_BREAK_COST
    if _is_single_character(after) or (_is_single_character(before) and before not in SUFFIXES):
        return WEAK_BREAK_COST
    return 0.0


def _is_single_character(word: str) -> bool:
    return len(word) == 1 and unicodedata.east_asian_width(word) == "W"


def _is_balanced_shape(widths: list[float]) -> bool:
    """梯形: no line longer than the one above; 菱形: the longest line in the middle."""
    if all(a >= b for a, b in itertools.pairwise(widths)):
        return True
    peak = widths.index(max(widths))
    rising = all(a <= b for a, b in itertools.pairwise(widths[: peak + 1]))
    falling = all(a >= b for a, b in itertools.pairwise(widths[peak:]))
    return 0 < peak < len(widths) - 1 and rising and falling


def _spans(cuts: tuple[int, ...], length: int) -> list[tuple[int, int]]:
    edges = (0, *cuts, length)
    return list(itertools.pairwise(edges))


def _join(words: list[_Word], cuts: tuple[int, ...]) -> list[str]:
    return ["".join(w.text for w in words[a:b]) for a, b in _spans(cuts, len(words))]


def _greedy(words: list[_Word], max_chars: int) -> list[str]:
    """Fill each line up to the limit; a single word longer than a line stands alone."""
    lines: list[str] = []
    current, width = "", 0.0
    for word in words:
        if current and width + word.width > max_chars:
            lines.append(current)
            current, width = "", 0.0
        current += word.text
        width += word.width
    return [*lines, current] if current else lines
