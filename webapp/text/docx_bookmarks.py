"""Writing the round-trip marks into a python-docx document: each section's body wrapped in a
bookmark ``tg-s-<section id>-r<base revision>``, the report id as a custom document property.

Written against python-docx paragraphs, so the same marks can be put into the official
renderer's output once its blocks carry section ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

BOOKMARK_PATTERN = re.compile(r"^tg-s-(\d+)-r(\d+)$")
REPORT_ID_PROPERTY = "TonggaoReportId"
CUSTOM_PROPERTIES_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_CUSTOM_PROPERTIES_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# The fmtid every custom property carries (ECMA-376 Part 1, §22.3.2.2).
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def bookmark_name(section_id: int, revision: int) -> str:
    return f"tg-s-{section_id}-r{revision}"


def wrap_in_bookmark(first: Paragraph, last: Paragraph, name: str, bookmark_id: int) -> None:
    """Bookmark the paragraphs first..last (python-docx paragraphs of any document)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    properties = first._p.pPr
    if properties is not None:
        properties.addnext(start)
    else:
        first._p.insert(0, start)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    last._p.append(end)


def set_report_id(document: Document, report_id: int) -> None:
    """The report id as a custom document property (docProps/custom.xml)."""
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Properties xmlns="{CUSTOM_PROPERTIES_NS}" xmlns:vt="{_VT_NS}">'
        f'<property fmtid="{_CUSTOM_FMTID}" pid="2" name="{REPORT_ID_PROPERTY}">'
        f"<vt:lpwstr>{int(report_id)}</vt:lpwstr></property></Properties>"
    ).encode()
    package = document.part.package
    part = Part(PackURI("/docProps/custom.xml"), _CUSTOM_PROPERTIES_TYPE, xml, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


@dataclass(frozen=True)
class SectionText:
    """One section of a downloaded file: its numbered heading and its body at `revision`
    (None for a heading-only node: structure, nothing to edit, so no bookmark)."""

    section_id: int
    revision: int
    heading: str
    body: str | None


def write_sections(
    document: Document, report_id: int, title: str, sections: Iterable[SectionText]
) -> None:
    """Append the title and each section (heading outside, body bookmarked) to `document`."""
    if title:
        document.add_paragraph(title, style="Title")
    for bookmark_id, section in enumerate(sections, start=1):
        if section.heading:
            document.add_paragraph(section.heading, style="Heading 1")
        if section.body is None:
            continue
        paragraphs = [document.add_paragraph(line) for line in section.body.split("\n")]
        name = bookmark_name(section.section_id, section.revision)
        wrap_in_bookmark(paragraphs[0], paragraphs[-1], name, bookmark_id)
    set_report_id(document, report_id)
