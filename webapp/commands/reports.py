"""`tonggao reports …`: the group, and `assemble` (import and outline: webapp.commands.imports)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from webapp.commands import fails_cleanly
from webapp.models import User
from webapp.services import accounts, assembly, final_documents, reports
from webapp.services.errors import DomainError, InvalidInput

DEFAULT_WAIT_S = 600.0


@click.group("reports")
def reports_group() -> None:
    """Reports: import, outline, assemble."""


def _parse_formats(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    """The service's own rule (assembly.normalise_formats), as a usage error (exit 2)."""
    try:
        return assembly.normalise_formats([item for item in value.split(",") if item.strip()])
    except DomainError as error:
        raise click.BadParameter(error.message) from None


@reports_group.command("assemble")
@click.argument("report_id", type=int)
@click.option(
    "--formats",
    default="docx,pdf",
    show_default=True,
    callback=_parse_formats,
    help="comma-separated: docx,pdf,txt,md",
)
@click.option("--draft", is_flag=True, help="征求意见稿: head revisions, marked as a draft copy")
@click.option("--wait", is_flag=True, help="queue the job for a worker and wait for it")
@click.option("--inline", is_flag=True, help="run the job in this process (no worker needed)")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="directory for the files (created if missing)",
)
@click.option(
    "--as",
    "username",
    help="requesting user (default: the first leader, who may request final documents)",
)
@click.option(
    "--timeout",
    "timeout_s",
    type=click.FloatRange(min=0),
    default=DEFAULT_WAIT_S,
    show_default=True,
    help="seconds --wait waits for the worker",
)
@with_appcontext
@fails_cleanly
def assemble_command(
    report_id: int,
    formats: list[str],
    draft: bool,
    wait: bool,
    inline: bool,
    out_dir: Path,
    username: str | None,
    timeout_s: float,
) -> None:
    """Assemble a report into DOCX/PDF/TXT/Markdown files in --out (one line per file)."""
    if wait == inline:
        raise click.UsageError("give exactly one of --wait (a worker runs it) or --inline")
    actor = accounts.user_by_name(username) if username else accounts.first_user_with_role("leader")
    if inline:
        job = assembly.create_job(report_id, actor, formats, draft)
        assembly.run_job(job.id)
        status = final_documents.job_status(job.id, actor)
    else:
        job = assembly.request_assembly(report_id, actor, formats, draft)
        status = final_documents.wait_for(job.id, actor, timeout_s)
    if status.job.state != "succeeded":
        raise InvalidInput(f"生成失败（任务 {job.id}）：{status.job.error}")
    for path in _write(status, out_dir, actor):
        click.echo(str(path))


def _write(status: final_documents.JobStatus, out_dir: Path, actor: User) -> list[Path]:
    """Each document of the job as <title>[-征求意见稿]-v<version>.<format> in out_dir."""
    report = reports.get_report(status.job.report_id, actor)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InvalidInput(f"无法创建目录 {out_dir}：{error.strerror}") from None
    written = []
    for listed in status.documents:
        document = final_documents.document_for_download(listed.id, actor)
        path = out_dir / final_documents.file_name(report.title, document)
        try:
            path.write_bytes(document.content)
        except OSError as error:
            raise InvalidInput(f"无法写入 {path}：{error.strerror}") from None
        written.append(path)
    return written
