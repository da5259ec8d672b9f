"""Convert a rendered DOCX to PDF with headless LibreOffice, embedding real CJK fonts.

Fonts a PDF uses (the Fandol faces of Debian's texlive-lang-chinese; fontconfig aliases in
fonts/fonts.conf):

- 仿宋_GB2312 (body, 1. and （1） headings, 署名 and 日期) → FandolFang Regular
- 楷体_GB2312 (（一） headings) → FandolKai Regular
- 黑体 (一、 headings, part headings, the 征求意见稿 mark) → FandolHei Regular
- 方正小标宋简体 (title) → FandolSong Bold
- 宋体 (page numbers) → FandolSong Regular

A deployment with licensed faces passes their folder as `font_dir` (TONGGAO_FONT_DIR): it is
listed before the system fonts, and a face installed under the requested name is used as is.
LibreOffice always embeds (subsets of) the fonts it lays out with.

The conversion runs a small Basic macro (macros/Tonggao.xba) instead of `--convert-to`: it
turns off each paragraph's spacing between Asian and non-Asian text before exporting, which
the DOCX cannot do (LibreOffice ignores w:autoSpaceDE/DN) and which otherwise adds 3–4 pt
around every digit. The macro lives in a LibreOffice profile prepared once per process and
copied for each conversion, so concurrent conversions never share one.

Why LibreOffice rather than an HTML→PDF engine such as WeasyPrint: the PDF must show the same
pages as the DOCX leaders sign off (same 22-line grid, line breaks, page numbers), and only a
word processor reading that DOCX reproduces them; an HTML rendering is a second layout of the
same rules in CSS, with its own line breaking. Speed does not decide it: on the 200-section
benchmark report LibreOffice 7.4 takes about 1.5 s for 95 pages
(tests/bench/test_documents_bench.py), and WeasyPrint 70 took 1.5–2.2 s for the same text as
96 pages in a one-off trial, besides needing Pango and another dependency.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

FONTS_CONF = Path(__file__).with_name("fonts") / "fonts.conf"
MACRO_MODULE = Path(__file__).with_name("macros") / "Tonggao.xba"
MACRO_URL = 'macro:///Standard.Tonggao.ConvertToPdf("{source}","{target}")'
SOFFICE = "soffice"
# Creating a fresh profile takes LibreOffice a second or two; it is done once per process.
PROFILE_INIT_TIMEOUT_S = 120

_LIBRARY_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">
<library:libraries xmlns:library="http://openoffice.org/2000/library"
 xmlns:xlink="http://www.w3.org/1999/xlink"><library:library library:name="Standard"
 xlink:href="$(USER)/basic/Standard/{kind}.xlb/" xlink:type="simple" library:link="false"/>
</library:libraries>
"""
_LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard"
 library:readonly="false" library:passwordprotected="false">{elements}</library:library>
"""
_profile_lock = threading.Lock()
_profile: Path | None = None


class PdfConversionError(RuntimeError):
    """LibreOffice failed, timed out or produced no PDF."""


def docx_to_pdf(docx: bytes, *, font_dir: Path | None = None, timeout_s: float = 120) -> bytes:
    """The PDF of a DOCX, converted in a private temporary LibreOffice profile."""
    _check_readable_zip(docx)
    with tempfile.TemporaryDirectory(prefix="tonggao-pdf-") as scratch:
        workdir = Path(scratch)
        source = workdir / "document.docx"
        source.write_bytes(docx)
        target = workdir / "document.pdf"
        env = _environment(workdir, font_dir)
        shutil.copytree(_prepared_profile(env), workdir / "profile")
        output = _run_soffice(_command(workdir, source, target), env, timeout_s)
        if not target.is_file() or target.stat().st_size == 0:
            raise PdfConversionError(f"LibreOffice produced no PDF: {output}")
        return target.read_bytes()


def _check_readable_zip(docx: bytes) -> None:
    """A damaged file is refused here: LibreOffice would sit on it (a repair prompt nobody
    answers in headless mode) until the timeout."""
    if not docx.startswith(b"PK\x03\x04"):
        raise PdfConversionError("input is not a DOCX (no zip signature)")
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            damaged = archive.testzip()
            names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError) as error:
        raise PdfConversionError(f"input is not a readable DOCX: {error}") from None
    if damaged is not None or "word/document.xml" not in names:
        raise PdfConversionError("input is not a readable DOCX (damaged or no word/document.xml)")


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


def _command(workdir: Path, source: Path, target: Path) -> list[str]:
    macro = MACRO_URL.format(source=source.as_uri(), target=target.as_uri())
    return [*_soffice_options(workdir / "profile"), macro]


def _soffice_options(profile: Path) -> list[str]:
    return [
        SOFFICE,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--nodefault",
        "--nofirststartwizard",
        "--nolockcheck",
        "--norestore",
    ]


def _prepared_profile(env: dict[str, str]) -> Path:
    """A LibreOffice profile holding the conversion macro, made on first use.

    LibreOffice overwrites the Basic library index of a profile it starts for the first time,
    so the profile is initialised first and the macro added afterwards.
    """
    global _profile
    with _profile_lock:
        if _profile is None or not _profile.is_dir():
            home = Path(tempfile.mkdtemp(prefix="tonggao-lo-profile-"))
            atexit.register(shutil.rmtree, home, ignore_errors=True)
            profile = home / "profile"
            command = [*_soffice_options(profile), "--terminate_after_init"]
            _run_soffice(command, env, PROFILE_INIT_TIMEOUT_S)
            _install_macro(profile / "user" / "basic")
            _profile = profile
        return _profile


def _install_macro(basic: Path) -> None:
    library = basic / "Standard"
    library.mkdir(parents=True, exist_ok=True)
    for kind in ("script", "dialog"):
        (basic / f"{kind}.xlc").write_text(_LIBRARY_INDEX.format(kind=kind), encoding="utf-8")
    element = '<library:element library:name="Tonggao"/>'
    (library / "script.xlb").write_text(_LIBRARY.format(elements=element), encoding="utf-8")
    (library / "dialog.xlb").write_text(_LIBRARY.format(elements=""), encoding="utf-8")
    shutil.copyfile(MACRO_MODULE, library / "Tonggao.xba")


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
