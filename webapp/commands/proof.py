"""`tonggao proof FILE`: proofread a text file without touching the database."""

from __future__ import annotations

import click

from webapp.commands import echo_json, fails_cleanly
from webapp.commands.imports import read_file
from webapp.services.errors import InvalidInput
from webapp.text import proofing
from webapp.text.decode import UndecodableText, decode_text


@click.command("proof")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="print the findings as a JSON list")
@fails_cleanly
def proof_command(file: str, as_json: bool) -> None:
    """Proofread a report; offsets are character offsets into the file's text."""
    try:
        text = decode_text(read_file(file))
    except UndecodableText as error:
        raise InvalidInput(str(error)) from None
    findings = proofing.check(text)
    if as_json:
        echo_json([finding.to_dict() for finding in findings])
        return
    for finding in findings:
        line = text.count("\n", 0, finding.start) + 1
        column = finding.start - (text.rfind("\n", 0, finding.start) + 1) + 1
        hint = f" → {finding.suggestion}" if finding.suggestion else ""
        where = f"{line}:{column} {finding.severity} {finding.code}"
        click.echo(f"{where} “{finding.text}” {finding.message}{hint}")
    click.echo(f"共 {len(findings)} 处")
