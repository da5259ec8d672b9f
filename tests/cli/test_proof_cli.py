"""`tonggao proof FILE --json` on the sample: defects found, correct forms left alone."""

from __future__ import annotations

import json

from conftest import SAMPLES_DIR

SAMPLE = SAMPLES_DIR / "fagaiju-2020.txt"


def test_proof_json_finds_the_sample_defects_with_offsets_into_the_file(run_cli):
    result = run_cli("proof", str(SAMPLE), "--json")
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)
    text = SAMPLE.read_text(encoding="utf-8")
    for finding in findings:
        assert set(finding) == {"code", "severity", "start", "end", "text", "message", "suggestion"}
        assert text[finding["start"] : finding["end"]] == finding["text"]
    flagged = {(f["code"], f["text"]) for f in findings}
    assert ("placeholder", "XXX") in flagged and ("placeholder", "XX") in flagged
    assert any(code.startswith("doubled") and t == "的的" for code, t in flagged)
    assert any(t == "," for _, t in flagged)
    assert any(code == "unbalanced-bracket" and t == "“" for code, t in flagged)
    for correct in ("常常", "紧紧", "认认真真", "实实在在", "习习"):
        assert not any(correct in t for _, t in flagged)


def test_proof_of_a_missing_file_is_one_line_exit_1(run_cli):
    result = run_cli("proof", "/no/such/file.txt")
    assert result.returncode == 1 and "无法读取文件" in result.stderr
    assert "Traceback" not in result.stderr
