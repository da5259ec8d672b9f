"""Commands that bring existing reports in and show their outline."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from webapp.commands import echo_json, fails_cleanly
from webapp.services import accounts, imports, reports
from webapp.services.errors import InvalidInput
from webapp.text.nodes import PREAMBLE_LABEL


def read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise InvalidInput(f"无法读取文件 {path}：{error.strerror}") from None


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--title", help="report title (default: the title found in the file)")
@click.option("--as", "username", help="importing user (default: the first admin)")
@click.option("--json", "as_json", is_flag=True, help="print the outline as JSON")
@with_appcontext
@fails_cleanly
def import_command(file: str, title: str | None, username: str | None, as_json: bool) -> None:
    """Import a .txt or .docx report as a new report."""
    actor = accounts.user_by_name(username) if username else accounts.first_user_with_role("admin")
    parsed = imports.parse_upload(file, read_file(file))
    report = imports.import_report(parsed, actor, title, source_name=Path(file).name)
    if as_json:
        echo_json(reports.outline_json(report))
    else:
        click.echo(f"已导入报告 {report.id}：{report.title}（{len(report.sections)} 个章节）")


@click.command("outline")
@click.argument("report_id", type=int)
@click.option("--as", "username", help="reading user (default: the first admin)")
@click.option("--json", "as_json", is_flag=True, help="print the outline as JSON")
@with_appcontext
@fails_cleanly
def outline_command(report_id: int, username: str | None, as_json: bool) -> None:
    """Show a report's section tree."""
    actor = accounts.user_by_name(username) if username else accounts.first_user_with_role("admin")
    outline = reports.outline_json(reports.get_report(report_id, actor))
    if as_json:
        echo_json(outline)
        return
    click.echo(outline["title"])
    _echo_nodes(outline["sections"], depth=1)


def _echo_nodes(nodes: list[dict], depth: int) -> None:
    for node in nodes:
        label = node["heading"] or PREAMBLE_LABEL
        click.echo(f"{'  ' * depth}{label}  [{node['status']}, 第{node['revision']}版]")
        _echo_nodes(node["children"], depth + 1)
