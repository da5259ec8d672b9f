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
- A content character doubled across a word boundary is a slip when the first copy ends a
  word and the second is left over as a token of its own (认真|真, 应收|尽收|收, 持续|续):
  a reading jieba falls back to only when no word starts there. Function characters are
  exempt (现在|在全县, 成为|为民服务), and so are numeral-classifiers (一次次, 一个个),
  determiner-units (全镇|镇村干部, 本县|县情) and adjectives opening a noun phrase
  (创新|新模式, 加大|大力度). So is a lone copy between a word and the word it begins
  (优化|营|营商环境, 形成|新|新格局), unless it commonly stands alone (我们|要|要求, 问|问题).
- ABAB is a slip when the unit closes a token and its copy opens the next token
  (加强|加强, 推进|推进改革, 全面落实|落实), unless the unit is one of the verbs that
  reduplicate tentatively in speech (研究研究, 讨论讨论: “have a go at”, listed in
  data/tentative_verbs.txt), a state adjective (雪白雪白) or a numeral-classifier (一步一步),
  or a noun-verb after a longer noun (以优质服务|服务企业).
- A character three times is a slip (切切实实实 → 切切实实) except in onomatopoeia (哈哈哈)
  and numerals (一九九九年).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from webapp.text.proofing.finding import ProofFinding, Severity, finding_at
from webapp.text.proofing.segmentation import HAN, Segmentation, Segmenter, tokenizer

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
# Characters tripled in onomatopoeia (哈哈哈) and numerals (一九九九年, 六六六); any other
# character three times is a slip.
TRIPLING_CHARS = frozenset(
    "哈呵嘻嘿啊哦呀啦嘀嗒咚轰隆汪喵咕噜哗啪砰嗡叮格咯腾〇零一二三四五六七八九十百千"
)
# A determiner and a unit (全镇, 本县, 各村, 我市) end a word whose last character may well
# begin the next noun: 全镇|镇村干部, 本县|县情.
DETERMINERS = frozenset("全本该各我此每当这那")
# Adjectives that open a noun phrase: 创新|新模式 read as 创新|新|模式, 加大|大力度.
NOUN_PREFIXES = frozenset("新大小高老多总副主重强优长深广低初首非")
# Words that are nouns and verbs: closing a longer noun, the copy after them is the verb.
NOUN_VERBS = frozenset({"服务", "管理", "建设", "发展", "保障", "支持", "监督", "宣传", "教育"})
# Auxiliaries, adverbs and everyday verbs that stand alone before a word beginning with the
# same character: 我们要|要求, 我们有|有效的办法, 问|问题, 算|算账.
STAND_ALONE_CHARS = frozenset("要会能可应需该让来去用有没不很更最只再问算想说看")
# A suffix that never stands alone: 我们们, 他们们.
BOUND_SUFFIXES = frozenset("们")
# State adjectives (z) reduplicate as ABAB (雪白雪白); verbs only when tentative (listed).
REDUPLICATING_TAGS = ("z",)
TENTATIVE_VERBS_FILE = Path(__file__).with_name("data") / "tentative_verbs.txt"

_DOUBLED_CHAR = re.compile(rf"([{HAN}])\1+")
_DOUBLED_UNIT = re.compile(rf"([{HAN}]{{2,4}})\1")


@cache
def tentative_verbs() -> frozenset[str]:
    """Verbs whose ABAB form means “have a go at” (研究研究), read from the data file."""
    lines = TENTATIVE_VERBS_FILE.read_text(encoding="utf-8").split()
    return frozenset(word for word in lines if not word.startswith("#"))


@cache
def _word_tags() -> dict[str, str]:
    """Part-of-speech tags of dictionary words, read only when an ABAB candidate needs them."""
    tokenizer()
    import jieba.posseg  # loads the tag table at import: keep it off the common path

    return jieba.posseg.dt.word_tag_tab


def check(text: str) -> Iterator[ProofFinding]:
    """Doubled function characters (error), left-over characters and doubled words (warning)."""
    segmenter = Segmenter(text)
    for found in _DOUBLED_CHAR.finditer(text):
        if _is_doubled_char(found, segmenter.at(found.start())):
            severity: Severity = "error" if found.group(1) in FUNCTION_CHARS else "warning"
            kept = _kept(text, found)
            yield _finding(text, found.start(), found.end(), CHAR_CODE, severity, kept)
    for found in _DOUBLED_UNIT.finditer(text):
        if _is_doubled_word(found, segmenter.at(found.start())):
            unit = found.group(1)
            yield _finding(text, found.start(), found.end(), WORD_CODE, "warning", unit)


def _is_doubled_char(found: re.Match[str], seg: Segmentation) -> bool:
    char, start, end = found.group(1), found.start(), found.end()
    if char in BOUND_SUFFIXES:
        closes_word = seg.ends.get(start + 1, "").endswith(char)
        return (closes_word and seg.starts.get(start + 1) == char) or _all_single(seg, start, end)
    if char not in FUNCTION_CHARS:
        if end - start >= 3:
            return char not in TRIPLING_CHARS  # 切切实实实: no word triples a character
        return _is_left_over(char, start, end, seg) or _is_stray_before(char, start, end, seg)
    if _all_single(seg, start, end):
        return True
    # jieba's HMM glues unknown pairs such as 其其 into one token; a dictionary word it is not.
    glued = seg.starts.get(start)
    return glued == found.group(0) and not tokenizer().FREQ.get(glued)


def _kept(text: str, found: re.Match[str]) -> str:
    """What the run should read: one character, or two where it completes AABB (切切实实实)."""
    char, start, end = found.group(1), found.start(), found.end()
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    beside_pair = (len(before) == 2 and before[0] == before[1]) or (
        len(after) == 2 and after[0] == after[1]
    )
    if end - start >= 3 and char not in FUNCTION_CHARS and beside_pair:
        return char * 2
    return char


def _is_left_over(char: str, start: int, end: int, seg: Segmentation) -> bool:
    """认真|真: a word ends with the first copy and the second stands alone."""
    word = seg.ends.get(start + 1, "")
    return (
        end - start == 2
        and len(word) > 1
        and not word.startswith("一")
        and not (len(word) == 2 and word[0] in DETERMINERS)
        and seg.starts.get(start + 1) == char
        and not (char in NOUN_PREFIXES and len(seg.starts.get(end, "")) > 1)
    )


def _is_stray_before(char: str, start: int, end: int, seg: Segmentation) -> bool:
    """优化|营|营商: a lone copy between a word and the word it begins."""
    word_after = seg.starts.get(start + 1, "")
    return (
        end - start == 2
        and char not in STAND_ALONE_CHARS
        and seg.starts.get(start) == char
        and len(seg.ends.get(start, "")) > 1
        and len(word_after) > 1
        and word_after.startswith(char)
    )


def _all_single(seg: Segmentation, start: int, end: int) -> bool:
    return all(len(seg.starts.get(offset, "")) == 1 for offset in range(start, end))


def _is_doubled_word(found: re.Match[str], seg: Segmentation) -> bool:
    unit, start = found.group(1), found.start()
    middle = start + len(unit)
    # The first copy closes a token (落实, or 全面落实) and the second opens the next one.
    if not seg.ends.get(middle, "").endswith(unit) or not seg.starts.get(middle, "").startswith(
        unit
    ):
        return False
    if unit.startswith("一") or len(set(unit)) == 1:
        return False  # 一步一步, 一点一点; AAAA is left to the AA rule
    if unit in tentative_verbs():
        return False
    if seg.ends[middle] != unit and unit in NOUN_VERBS:
        return False  # 以优质服务|服务企业: the noun, then the verb
    return not _word_tags().get(unit, "").startswith(REDUPLICATING_TAGS)


def _finding(
    text: str, start: int, end: int, code: str, severity: Severity, single: str
) -> ProofFinding:
    message = f"“{text[start:end]}”疑似重复输入，应为“{single}”"
    return finding_at(text, start, end, code, severity, message, single)
