"""The CRLF sample: numbered items that are one sentence of prose import as editable body."""

from __future__ import annotations

from webapp.text import outline
from webapp.text.decode import decode_text
from webapp.text.nodes import OutlineNode, walk


def _parsed(weijian_bytes: bytes):
    return outline.parse(decode_text(weijian_bytes))


def _by_heading(nodes: tuple[OutlineNode, ...], heading: str) -> OutlineNode:
    return next(node for node in walk(nodes) if node.heading == heading)


def test_one_sentence_items_are_numbered_paragraphs_with_their_text_as_body(weijian_bytes):
    parsed = _parsed(weijian_bytes)
    service = _by_heading(parsed.sections, "医疗服务能力提升")
    assert [(item.level, item.heading, item.run_in, item.body) for item in service.children] == [
        (4, "", True, "新增三级医院1家，二级医院达标率提升至××%。"),
        (4, "", True, "推进紧密型县域医共体建设，组建医共体××个。"),
        (4, "", True, "开展“优质服务基层行”活动，××家乡镇卫生院达到服务能力基本标准。"),
    ]
    public = _by_heading(parsed.sections, "公共卫生服务")
    assert [(item.heading, item.body) for item in public.children] == [
        ("", "基本公共卫生服务项目人均财政补助标准提高到79元，居民电子健康档案建档率达到××%。"),
        ("", "完成适龄儿童免疫规划疫苗接种××万剂次。"),
    ]


def test_run_in_items_keep_their_heading_sentence(weijian_bytes):
    parsed = _parsed(weijian_bytes)
    epidemic = _by_heading(parsed.sections, "疫情防控常态化")
    assert [(item.heading, item.run_in) for item in epidemic.children] == [
        ("筑牢外防输入防线。", True),
        ("推进疫苗接种。", True),
    ]
    plan = _by_heading(parsed.sections, "下半年重点工作")
    assert [child.heading for child in plan.children] == [
        "持续抓好疫情防控。",
        "深化医药卫生体制改革。",
        "补齐公共卫生短板。",
    ]
    assert plan.children[0].body == "坚持“外防输入、内防反弹”，加快推进疫苗接种。"


def test_no_carriage_return_survives_import(weijian_bytes):
    parsed = _parsed(weijian_bytes)
    texts = [parsed.title] + [n.heading + n.body for n in walk(parsed.sections)]
    assert not any("\r" in text for text in texts)
    assert parsed.title.startswith("市卫生健康委员会2021年上半年工作总结")


def test_import_is_lossless_and_round_trips(weijian_bytes):
    text = decode_text(weijian_bytes)
    parsed = outline.parse(text)
    rendered = outline.render(parsed)
    assert outline.parse(rendered) == parsed
    assert "".join(rendered.split()).replace("一、", "") != ""
    kept = "".join(parsed.title + "".join(n.heading + n.body for n in walk(parsed.sections)))
    source = "".join(
        line[number.end :] if (number := outline.match_number(line)) else line
        for line in text.splitlines()
    )
    assert "".join(kept.split()) == "".join(source.split())
