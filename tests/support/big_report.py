"""A long report outline (parts, 一、 …（一）… 1. run-in items) for slow jobs and benchmarks."""

from __future__ import annotations

import random

from webapp.text.nodes import Outline, OutlineNode

_HEADINGS = (
    "经济运行稳中向好",
    "项目建设提速增效",
    "改革开放持续深化",
    "民生保障有力有效",
    "生态环境明显改善",
    "安全发展底线守牢",
)
_SENTENCES = (
    "全市上下坚持稳中求进工作总基调，全年完成固定资产投资三百二十亿元，同比增长百分之八。",
    "各级各部门聚焦高质量发展首要任务，新开工重点项目四十六个，竣工投产二十一个。",
    "持续优化营商环境，“放管服”改革取得明显成效，办理时限平均压缩一半以上。",
    "着力扩大有效投资，全年争取上级资金十八亿元，创历史新高。",
    "守牢安全生产底线，开展隐患排查整治，全年未发生较大以上安全事故。",
)


def _body(rng: random.Random, paragraphs: int) -> str:
    return "\n".join(
        "".join(rng.choice(_SENTENCES) for _ in range(rng.randint(2, 4))) for _ in range(paragraphs)
    )


def long_outline(chapters: int = 8, seed: int = 7) -> Outline:
    """Two parts × chapters/2 一、 × 4 （一） × 5 run-in 1. items: 25 sections per chapter
    (8 chapters: 200 sections plus the two parts, about 100 pages)."""
    rng = random.Random(seed)
    parts = []
    for part_index, part_title in enumerate(("2025年工作总结", "2026年工作思路")):
        part_chapters = []
        for _ in range(chapters // 2 + (part_index < chapters % 2)):
            subsections = []
            for _ in range(4):
                items = tuple(
                    OutlineNode("numbered", 3, rng.choice(_HEADINGS) + "。", _body(rng, 3), True)
                    for _ in range(5)
                )
                subsections.append(
                    OutlineNode("numbered", 2, rng.choice(_HEADINGS), _body(rng, 1), children=items)
                )
            part_chapters.append(
                OutlineNode(
                    "numbered", 1, rng.choice(_HEADINGS), _body(rng, 2), children=tuple(subsections)
                )
            )
        parts.append(
            OutlineNode("part", 0, part_title, _body(rng, 1), children=tuple(part_chapters))
        )
    return Outline("某某市发展和改革委员会2025年工作总结和2026年工作思路", tuple(parts))
