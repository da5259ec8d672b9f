"""Render the sample reports to PDF and PNG pages for a person to look at (`make pages`).

Each sample in ../shared/samples (or the folders given) is imported as the import service
would, assembled as a final document with an issuer and a date of issue, and written as
DOCX, PDF and one PNG per page (pdftoppm) into build/pages/<sample>/.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

from webapp.documents.gbt9704 import render_docx
from webapp.documents.model import DocumentSpec
from webapp.documents.pdf import docx_to_pdf
from webapp.text import outline
from webapp.text.decode import decode_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
OUT = ROOT / "build" / "pages"
ISSUER = "某某市发展和改革委员会"
DATE_OF_ISSUE = datetime.date(2026, 11, 27)
RESOLUTION_DPI = "80"


def render_sample(path: Path, out: Path) -> list[Path]:
    parsed = outline.parse(decode_text(path.read_bytes()))
    spec = DocumentSpec(parsed.title, parsed.sections, issuer=ISSUER, date_of_issue=DATE_OF_ISSUE)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("page-*.png"):
        old.unlink()
    docx = render_docx(spec)
    (out / "document.docx").write_bytes(docx)
    pdf = out / "document.pdf"
    pdf.write_bytes(docx_to_pdf(docx))
    command = ["pdftoppm", "-png", "-r", RESOLUTION_DPI, str(pdf), str(out / "page")]
    subprocess.run(command, check=True)
    return sorted(out.glob("page-*.png"))


def main(folders: list[str]) -> int:
    folders = folders or [str(SAMPLES)]
    samples = [path for folder in folders for path in sorted(Path(folder).glob("*.txt"))]
    for sample in samples:
        pages = render_sample(sample, OUT / sample.stem)
        print(f"{sample.name}: {len(pages)} pages in {pages[0].parent}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
