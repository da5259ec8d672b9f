"""Convert a rendered DOCX to PDF with headless LibreOffice, embedding real CJK fonts.

Fonts a PDF uses (Debian packages; fontconfig aliases in fonts/fonts.conf):

- 仿宋_GB2312 (body, 1. and （1） headings) → Noto Serif CJK SC Regular (fonts-noto-cjk)
- 楷体_GB2312 (（一） headings) → AR PL KaitiM GB (fonts-arphic-gkai00mp)
- 黑体 (一、 headings, part headings, the 征求意见稿 mark) → Noto Sans CJK SC Regular
- 方正小标宋简体 (title) → Noto Serif CJK SC Bold
- 宋体 (page numbers) → Noto Serif CJK SC Regular

A deployment with licensed faces passes their folder as `font_dir` (TONGGAO_FONT_DIR): it is
listed before the system fonts, and a face installed under the requested name is used as is.
LibreOffice always embeds (subsets of) the fonts it lays out with.

Why LibreOffice rather than an HTML→PDF engine such as WeasyPrint: the PDF must show the same
pages as the DOCX leaders sign off (same 22-line grid, line breaks, page numbers), and only a
word processor reading that DOCX reproduces them; an HTML rendering is a second layout of the
same rules in CSS, with its own line breaking. Speed does not decide it: on the 200-section
benchmark report LibreOffice 7.4 takes about 1.5 s for 95 pages
(tests/bench/test_documents_bench.py), and WeasyPrint 70 took 1.5–2.2 s for the same text as
96 pages in a one-off trial, besides needing Pango and another dependency.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

FONTS_CONF = Path(__file__).with_name("fonts") / "fonts.conf"
SOFFICE = "soffice"


class PdfConversionError(RuntimeError):
    """LibreOffice failed, timed out or produced no PDF."""


def docx_to_pdf(docx: bytes, *, font_dir: Path | None = None, timeout_s: float = 120) -> bytes:
    """The PDF of a DOCX, converted in a private temporary LibreOffice profile."""
    if not docx.startswith(b"PK\x03\x04"):
        raise PdfConversionError("input is not a DOCX (no zip signature)")
    with tempfile.TemporaryDirectory(prefix="tonggao-pdf-") as scratch:
        workdir = Path(scratch)
        source = workdir / "document.docx"
        source.write_bytes(docx)
        output = _run_soffice(_command(workdir, source), _environment(workdir, font_dir), timeout_s)
        target = workdir / "out" / "document.pdf"
        if not target.is_file() or target.stat().st_size == 0:
            raise PdfConversionError(f"LibreOffice produced no PDF: {output}")
        return target.read_bytes()


def fontconfig_file(workdir: Path, font_dir: Path | None) -> Path:
    """Write a fontconfig file that lists font_dir first, then Tonggao's aliases."""
    directory = f"  <dir>{escape(str(font_dir.resolve()))}</dir>\n" if font_dir else ""
    conf = workdir / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig>\n{directory}"
        f"  <include>{escape(str(FONTS_CONF))}</include>\n"
        f"  <cachedir>{escape(str(workdir / 'fontconfig-cache'))}</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def _command(workdir: Path, source: Path) -> list[str]:
    profile = (workdir / "profile").as_uri()
    return [
        SOFFICE,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--invisible",
        "--nologo",
        "--nodefault",
        "--nofirststartwizard",
        "--nolockcheck",
        "--norestore",
        "--infilter=MS Word 2007 XML",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(workdir / "out"),
        str(source),
    ]


def _environment(workdir: Path, font_dir: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FONTCONFIG_", "SAL_"))}
    env["HOME"] = str(workdir)
    env["TMPDIR"] = str(workdir)
    env["FONTCONFIG_FILE"] = str(fontconfig_file(workdir, font_dir))
    return env


def _run_soffice(command: list[str], env: dict[str, str], timeout_s: float) -> str:
    """Run soffice to completion; its last words (stdout and stderr) for error messages."""
    try:
        process = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except OSError as error:
        raise PdfConversionError(f"cannot start LibreOffice: {error}") from error
    try:
        output, _ = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired as error:
        _kill_group(process)
        raise PdfConversionError(f"LibreOffice took longer than {timeout_s:g} s") from error
    message = output.decode(errors="replace").strip()[-500:]
    if process.returncode != 0:
        raise PdfConversionError(f"LibreOffice exited with {process.returncode}: {message}")
    return message


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """soffice forks soffice.bin: end the whole session it leads, then reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
