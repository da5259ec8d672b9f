"""Load demo data once: departments, a user of each role and one imported report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Report, Section, User
from webapp.services import accounts, comments, drafting, imports, workflow
from webapp.text import outline
from webapp.text.nodes import Outline, walk

DEMO_PASSWORD = "tonggao-demo"
DEMO_REPORT = Path(__file__).resolve().parent.parent / "demo" / "fagaiju-2020.txt"
DEPARTMENTS = (("zonghe", "综合规划股"), ("xiangmu", "项目管理股"))
# The figures the drafter filled into the item that the demo shows as approved.
DEMO_FIGURES = (
    ("谋划储备重大项目XXX个", "谋划储备重大项目126个"),
    ("总投资XX亿元", "总投资58亿元"),
    ("其中XX个项目", "其中12个项目"),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    display_name: str
    role: str
    department: str | None


DEMO_USERS = (
    DemoLogin("admin", "系统管理员", "admin", None),
    DemoLogin("leader", "王局长", "leader", None),
    DemoLogin("drafter", "李拟稿", "drafter", "zonghe"),
    DemoLogin("drafter2", "赵拟稿", "drafter", "xiangmu"),
    DemoLogin("reviewer", "张审核", "reviewer", "zonghe"),
    DemoLogin("reviewer2", "陈审核", "reviewer", "xiangmu"),
)


def is_loaded() -> bool:
    return db.session.scalar(select(User).where(User.username == "admin")) is not None


def load() -> bool:
    """Create the demo data unless it exists; True when it was created now."""
    if is_loaded():
        return False
    for code, name in DEPARTMENTS:
        accounts.create_department(code, name)
    for login in DEMO_USERS:
        accounts.create_user(
            login.username, DEMO_PASSWORD, login.role, login.department, login.display_name
        )
    admin = accounts.user_by_name("admin")
    parsed = outline.parse(DEMO_REPORT.read_text(encoding="utf-8"))
    report = imports.import_report(
        parsed, admin, assignments=_alternating_assignments(parsed), source_name=DEMO_REPORT.name
    )
    _make_progress(report)
    return True


def _alternating_assignments(parsed: Outline) -> dict[int, str]:
    """Top-level sections alternate between the two departments; children follow their parent."""
    codes = [code for code, _ in DEPARTMENTS]
    assignments: dict[int, str] = {}
    index = 0
    for top, node in enumerate(parsed.sections):
        for _ in walk((node,)):
            assignments[index] = codes[top % len(codes)]
            index += 1
    return assignments


def _make_progress(report: Report) -> None:
    """A report in progress: one item approved, one sent back with a comment, the rest drafts.

    Every placeholder (XX) is in a section body its department's drafter can edit, and the
    approved item has none left: the report can be carried to a final document in the UI.
    """
    sections = {section.heading: section for section in report.sections}
    approved = sections["项目谋划储备持续加强。"]
    body = drafting.head_body(approved)
    for placeholder, figure in DEMO_FIGURES:
        body = body.replace(placeholder, figure)
    _save_and_submit(approved, "drafter", body)
    workflow.decide(approved.id, accounts.user_by_name("reviewer"), 2, "approve", "数据已核实。")

    returned = sections["主要经济指标稳中有进"]
    text = drafting.head_body(returned).replace("常常深入企业一线调度", "深入企业一线调度")
    _save_and_submit(returned, "drafter2", text)
    reviewer = accounts.user_by_name("reviewer2")
    start = text.index("地区生产总值XX亿元")
    comments.add(returned.id, reviewer, 2, "请补全地区生产总值数据", start, start + 10)
    workflow.decide(
        returned.id, reviewer, 2, "request_changes", "XX 处数据尚未填写，请补全后再提交。"
    )


def _save_and_submit(section: Section, username: str, body: str) -> None:
    drafter = accounts.user_by_name(username)
    drafting.save_revision(section.id, drafter, section.head_revision, body, "补充数据")
    workflow.submit(section.id, drafter)
