"""`tonggao search reindex` as a user runs it."""

from __future__ import annotations


def test_reindex_rebuilds_the_index_of_the_demo_data(run_cli):
    assert run_cli("db", "upgrade").returncode == 0
    assert run_cli("demo").returncode == 0
    result = run_cli("search", "reindex")
    assert result.returncode == 0, result.stderr
    assert "搜索索引已重建" in result.stdout
    assert int(result.stdout.split("：")[1].split()[0]) > 1


def test_reindex_without_a_database_fails_in_one_line(run_cli):
    result = run_cli("search", "reindex")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "数据库错误" in result.stderr
