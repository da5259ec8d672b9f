"""The shared sample report: what import and proofreading must make of it."""

from __future__ import annotations

from webapp.text import outline, proofing


def test_sample_imports_title_preamble_sections_and_part(fagaiju_text: str) -> None:
    parsed = outline.parse(fagaiju_text)
    assert parsed.title == "县发展和改革局2020年工作总结和2021年工作思路"
    assert parsed.dropped == ("来源：网络整理，仅供参考！",)
    preamble, *numbered, part = parsed.sections
    assert preamble.kind == "preamble" and preamble.body.startswith("2020年，县发改局")
    assert [n.heading for n in numbered] == [
        "主要经济指标稳中有进",
        "重点项目建设扎实推进",
        "营商环境持续优化",
    ]
    assert (part.kind, part.heading) == ("part", "2021年工作思路")
    assert part.body.startswith("2021年是“十四五”开局之年")
    assert [c.heading for c in part.children] == [
        "科学编制“十四五”规划",
        "全力抓好项目建设",
        "持续优化营商环境",
        "加强干部队伍建设",
    ]


def test_sample_run_in_items(fagaiju_text: str) -> None:
    items = outline.parse(fagaiju_text).sections[2].children
    assert [(i.level, i.heading, i.run_in) for i in items] == [
        (3, "项目谋划储备持续加强。", True),
        (3, "项目建设提速提效。", True),
        (3, "争取上级资金成效明显。", True),
    ]
    assert items[0].body.startswith("围绕国家政策投向")


def test_sample_import_is_lossless(fagaiju_text: str) -> None:
    parsed = outline.parse(fagaiju_text)
    rebuilt = outline.render(parsed)
    assert outline.parse(rebuilt).sections == parsed.sections
    kept = "".join((*parsed.dropped, rebuilt))
    assert _letters(kept) == _letters(fagaiju_text)


def _letters(text: str) -> str:
    """Everything except whitespace and heading numbers (which import regenerates)."""
    lines = []
    for line in text.split("\n"):
        number = outline.match_number(line)
        lines.append(line[number.end :] if number else line)
    return "".join("".join(lines).split()).replace("\u3000", "")


def test_sample_proofing_finds_known_errors(fagaiju_text: str) -> None:
    findings = proofing.check(fagaiju_text)
    by_code: dict[str, list[str]] = {}
    for finding in findings:
        by_code.setdefault(finding.code, []).append(finding.text)
    assert {"XX", "XXX", "X.X"} <= set(by_code["placeholder"])
    assert by_code["doubled-char"] == ["的的"]
    assert by_code["halfwidth-punct"] == [","]
    comma = next(f for f in findings if f.code == "halfwidth-punct")
    assert fagaiju_text[comma.start - 7 : comma.end + 4] == "竣工投产XX个,完成投资"
    assert comma.suggestion == "，"
    (quote,) = [f for f in findings if f.code == "unbalanced-bracket"]
    assert fagaiju_text[quote.start : quote.start + 8] == "“办事不求人的营"


def test_sample_proofing_spares_reduplication_and_word_boundaries(fagaiju_text: str) -> None:
    findings = proofing.check(fagaiju_text)
    flagged = [f for f in findings if f.code.startswith("doubled")]
    for word in ("常常", "紧紧", "认认真真", "实实在在", "学习习近平"):
        start = fagaiju_text.index(word)
        assert not any(f.start < start + len(word) and start < f.end for f in flagged), word
    codes = {f.code for f in findings}
    assert codes <= {
        "placeholder",
        "doubled-char",
        "halfwidth-punct",
        "unbalanced-bracket",
        "numbering-level-skip",
    }
