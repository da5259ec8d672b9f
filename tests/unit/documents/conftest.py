"""Fixtures for the document renderers: a small two-part report touching every layout rule."""

from __future__ import annotations

import datetime

import pytest

from webapp.documents.model import DocumentSpec
from webapp.text.nodes import OutlineNode

SENTENCE = (
    "为深入贯彻落实党中央、国务院决策部署，全面推进各项工作任务落地见效，"
    "我们坚持稳中求进工作总基调。"
)
PREAMBLE = "2020年，在市委、市政府的坚强领导下，我委圆满完成各项任务。"


def numbered(level: int, heading: str, body: str = SENTENCE, **kwargs: object) -> OutlineNode:
    return OutlineNode("numbered", level, heading, body, **kwargs)


def report_spec(*, draft: bool = False) -> DocumentSpec:
    """某某市发改委 2020 summary / 2021 plan: preamble, two parts, four levels, run-in items."""
    summary = OutlineNode(
        "part",
        0,
        "2020年工作总结",
        "这一年，我们迎难而上、砥砺前行。",
        children=(
            numbered(
                1,
                "经济运行稳中向好",
                SENTENCE + "\n" + "全年地区生产总值增长3.5%，高于全省平均水平。",
                children=(
                    numbered(
                        2,
                        "项目建设提速增效",
                        children=(
                            numbered(3, "抓好重大项目。", "全年实施“十大工程”。", run_in=True),
                            numbered(
                                3,
                                "强化要素保障。",
                                SENTENCE + "\n" + "土地、资金、能耗指标优先保障重点项目。",
                                run_in=True,
                                children=(numbered(4, "土地保障"), numbered(4, "资金保障")),
                            ),
                        ),
                    ),
                    numbered(2, "改革开放持续深化"),
                ),
            ),
            numbered(1, "民生保障有力有效", SENTENCE * 2),
        ),
    )
    plan = OutlineNode(
        "part",
        0,
        "2021年工作思路",
        children=(
            numbered(1, "总体要求"),
            numbered(1, "重点任务", children=(numbered(2, "着力扩大有效投资"),)),
        ),
    )
    return DocumentSpec(
        title="某某市发展和改革委员会\n2020年工作总结和2021年工作思路",
        sections=(
            OutlineNode("preamble", 0, body=PREAMBLE),
            summary,
            plan,
        ),
        draft=draft,
        issuer="某某市发展和改革委员会",
        date_of_issue=datetime.date(2021, 1, 8),
    )


@pytest.fixture(scope="session")
def spec() -> DocumentSpec:
    return report_spec()


@pytest.fixture(scope="session")
def draft_spec() -> DocumentSpec:
    return report_spec(draft=True)
