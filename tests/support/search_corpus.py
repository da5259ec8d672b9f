"""A search corpus with the spread of real offices: common official phrases in every section,
and place × subject topics that each only a few sections mention (selective queries)."""

from __future__ import annotations

import random

from support.prose import PHRASES
from webapp.text.nodes import Outline, OutlineNode

PLACES = (
    "城关镇",
    "河西街道",
    "东城区",
    "高新区",
    "经开区",
    "北山乡",
    "南湖街道",
    "临江镇",
    "青石镇",
    "白云乡",
    "西湖区",
    "新城街道",
    "红旗镇",
    "长安区",
    "金山乡",
    "柳林镇",
)
SUBJECTS = (
    "污水处理",
    "农村公路",
    "义务教育",
    "养老服务",
    "医疗卫生",
    "招商引资",
    "文物保护",
    "垃圾分类",
    "河长制",
    "森林防火",
    "粮食储备",
    "住房保障",
    "就业创业",
    "食品安全",
    "防汛抗旱",
    "乡村振兴",
    "电子政务",
    "旅游开发",
    "水利设施",
    "社区治理",
)
SECTIONS_PER_REPORT = 200


def topic(rng: random.Random) -> str:
    return rng.choice(PLACES) + rng.choice(SUBJECTS)


def _body(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(4, 9)):
        phrases = "，".join(rng.sample(PHRASES, 3))
        sentences.append(f"{phrases}，{topic(rng)}工作取得新进展。")
    return "".join(sentences)


def varied_outline(seed: int) -> Outline:
    """SECTIONS_PER_REPORT level-1 sections of some 300–700 characters each."""
    rng = random.Random(seed)
    nodes = tuple(
        OutlineNode("numbered", 1, f"{topic(rng)}情况", _body(rng))
        for _ in range(SECTIONS_PER_REPORT)
    )
    return Outline(f"某县2026年工作总结（{seed}）", nodes)
