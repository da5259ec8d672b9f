"""The `tonggao` command as a user runs it: real subprocesses, from any directory."""

from __future__ import annotations

import json

from conftest import SAMPLES_DIR


def test_db_upgrade_works_from_any_directory_and_twice(run_cli, tmp_path):
    first = run_cli("db", "upgrade")
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "instance" / "tonggao.db").exists()
    second = run_cli("db", "upgrade")
    assert second.returncode == 0 and "Running upgrade" not in second.stderr


def test_departments_and_users_with_one_line_errors(run_cli):
    assert run_cli("db", "upgrade").returncode == 0
    assert run_cli("departments", "create", "zonghe", "综合股").returncode == 0
    duplicate = run_cli("departments", "create", "zonghe", "综合股")
    assert duplicate.returncode == 1
    assert duplicate.stderr.strip().count("\n") == 0 and "已存在" in duplicate.stderr

    created = run_cli(
        "users",
        "create",
        "li",
        "--role",
        "drafter",
        "--department",
        "zonghe",
        "--password-stdin",
        stdin="long-enough\n",
    )
    assert created.returncode == 0, created.stderr
    cases = {
        ("li", "--role", "drafter", "--department", "zonghe"): "已存在",
        ("wang", "--role", "boss", "--department", "zonghe"): "角色无效",
        ("zhao", "--role", "drafter", "--department", "nope"): "没有这个部门",
    }
    for args, message in cases.items():
        result = run_cli("users", "create", *args, "--password-stdin", stdin="long-enough\n")
        assert result.returncode == 1 and message in result.stderr
        assert "Traceback" not in result.stderr
    empty = run_cli("users", "create", "qian", "--role", "leader", "--password-stdin", stdin="\n")
    assert empty.returncode == 1 and "密码不能为空" in empty.stderr


def test_token_is_printed_once_and_unknown_user_fails(run_cli):
    run_cli("db", "upgrade")
    run_cli(
        "users", "create", "boss", "--role", "leader", "--password-stdin", stdin="long-enough\n"
    )
    token = run_cli("users", "token", "boss")
    assert token.returncode == 0 and token.stdout.startswith("tg_")
    unknown = run_cli("users", "token", "nobody")
    assert unknown.returncode == 1 and "没有这个用户" in unknown.stderr


def test_commands_before_upgrade_fail_with_a_hint(run_cli):
    result = run_cli("departments", "create", "zonghe", "综合股")
    assert result.returncode == 1
    assert "tonggao db upgrade" in result.stderr and "Traceback" not in result.stderr


def test_usage_error_exits_2(run_cli):
    assert run_cli("users", "create").returncode == 2


def test_demo_loads_once_and_audit_verifies(run_cli):
    run_cli("db", "upgrade")
    first = run_cli("demo")
    assert first.returncode == 0 and "drafter" in first.stdout
    again = run_cli("demo")
    assert again.returncode == 0 and "已存在" in again.stdout
    verified = run_cli("audit", "verify")
    assert verified.returncode == 0 and "审计链完整" in verified.stdout


def test_reports_import_and_outline_json_follow_the_contract(run_cli):
    run_cli("db", "upgrade")
    run_cli("users", "create", "boss", "--role", "admin", "--password-stdin", stdin="long-enough\n")
    imported = run_cli("reports", "import", str(SAMPLES_DIR / "fagaiju-2020.txt"), "--json")
    assert imported.returncode == 0, imported.stderr
    outline = json.loads(imported.stdout)
    assert set(outline) == {"id", "title", "year", "status", "sections"}
    node = outline["sections"][1]
    assert set(node) == {
        "id",
        "kind",
        "level",
        "heading",
        "run_in",
        "body",
        "status",
        "department",
        "revision",
        "children",
    }
    again = run_cli("reports", "outline", str(outline["id"]), "--json")
    assert json.loads(again.stdout) == outline
    missing = run_cli("reports", "outline", "999", "--json")
    assert missing.returncode == 1 and "没有这个报告" in missing.stderr
    wrong_type = run_cli("reports", "import", "/etc/hostname.pdf")
    assert wrong_type.returncode == 1 and "Traceback" not in wrong_type.stderr
