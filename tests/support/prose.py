"""Generated Chinese official prose for tests and benchmarks: phrases, reports, edits."""

from __future__ import annotations

import random

PHRASES = (
    "深入贯彻落实党的二十大精神",
    "坚持稳中求进工作总基调",
    "扎实推进高质量发展",
    "全面加强安全生产工作",
    "着力优化营商环境",
    "持续深化改革创新",
    "加快推进重点项目建设",
    "切实做好民生保障工作",
    "严格落实主体责任",
    "不断提升服务水平",
    "积极协调解决企业复产中遇到的用工、物流等问题",
    "进一步完善工作机制",
    "强化督查考核",
    "确保各项任务落到实处",
    "全年完成固定资产投资",
    "统筹疫情防控和经济社会发展",
    "推动产业转型升级",
    "加强干部队伍建设",
    "认真开展调查研究",
    "广泛征求意见建议",
    "形成工作合力",
    "牢固树立新发展理念",
    "着力补齐短板弱项",
    "健全长效机制",
    "压实工作责任",
    "同比增长12.5%",
)
PUNCTUATION = ("，", "，", "，", "。", "；", "、")
LINE_CHARS = 200


def report_text(n_chars: int, seed: int) -> str:
    """Official-sounding prose with a paragraph break about every LINE_CHARS characters."""
    rng = random.Random(seed)
    pieces: list[str] = []
    total = line = 0
    while total < n_chars:
        piece = rng.choice(PHRASES)
        if rng.random() < 0.2:
            piece += f"{rng.randint(1, 999)}.{rng.randint(0, 9)}亿元"
        piece += rng.choice(PUNCTUATION)
        line += len(piece)
        if line >= LINE_CHARS:
            piece, line = piece[:-1] + "。\n", 0
        pieces.append(piece)
        total += len(piece)
    return "".join(pieces)[:n_chars]


def edit_at(text: str, positions: list[int], rng: random.Random) -> str:
    """Insert a phrase, delete 1-4 characters or rewrite 2 characters at each position."""
    chars = list(text)
    for pos in sorted(positions, reverse=True):  # from the end, so earlier positions hold
        kind = rng.choice(("insert", "delete", "rewrite"))
        if kind == "insert":
            chars[pos:pos] = rng.choice(PHRASES)
        elif kind == "delete":
            del chars[pos : pos + rng.randint(1, 4)]
        else:
            chars[pos : pos + 2] = rng.choice(PHRASES)[: rng.randint(1, 4)]
    return "".join(chars)


def revise_places(text: str, fraction: float, seed: int) -> str:
    """Edits at `fraction` of the character positions, spread over the whole text."""
    rng = random.Random(seed)
    return edit_at(text, rng.sample(range(len(text)), int(len(text) * fraction)), rng)


def revise_lines(text: str, fraction: float, seed: int, parity: int | None = None) -> str:
    """Edits at `fraction` of the character positions of each line (of one parity, if given)."""
    rng = random.Random(seed)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line and (parity is None or i % 2 == parity):
            count = max(1, int(len(line) * fraction))
            lines[i] = edit_at(line, rng.sample(range(len(line)), count), rng)
    return "\n".join(lines)


def revise_some_lines(text: str, line_fraction: float, seed: int) -> str:
    """One short rewrite in each of `line_fraction` of the lines: a typical review pass."""
    rng = random.Random(seed)
    lines = text.split("\n")
    for i in rng.sample(range(len(lines)), int(len(lines) * line_fraction)):
        lines[i] = edit_at(lines[i], [rng.randrange(len(lines[i]))], rng)
    return "\n".join(lines)
