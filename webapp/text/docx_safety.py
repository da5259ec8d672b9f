"""Opening an untrusted DOCX safely: bounded zip reading and XML without entities.

The zip directory is checked (upload size, number of entries, total uncompressed size) before
any entry is inflated, each entry is read with a hard byte limit in case the directory lies,
and XML is parsed with entity expansion, DTDs and network access off; a document type
declaration is refused outright (billion laughs, external entities).
"""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

MAX_ZIP_ENTRIES = 1000
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024


class UnsafeDocx(ValueError):
    """The upload is not a DOCX we will read; `code` says why (stable, for the API)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def safe_parts(data: bytes, max_bytes: int, wanted: tuple[str, ...]) -> dict[str, bytes]:
    """The `wanted` parts of the package, after the zip directory passed every bound."""
    if len(data) > max_bytes:
        raise UnsafeDocx(f"文件过大：上限 {max_bytes // 1024} KB", "docx_too_large")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise UnsafeDocx("无法读取该文件：不是 .docx 格式或已损坏", "docx_invalid") from error
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise UnsafeDocx(f"文件包含的条目过多（{len(entries)} 个）", "docx_too_many_entries")
    if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
        raise UnsafeDocx("文件解压后过大，已拒绝（疑似压缩炸弹）", "docx_zip_bomb")
    return {
        entry.filename: _bounded_read(archive, entry)
        for entry in entries
        if entry.filename in wanted
    }


def _bounded_read(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    # The directory may understate a size: never inflate more than it promised.
    try:
        with archive.open(entry) as stream:
            content = stream.read(entry.file_size + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise UnsafeDocx("无法读取该文件：压缩内容已损坏", "docx_invalid") from error
    if len(content) > entry.file_size:
        raise UnsafeDocx("文件解压后与声明的大小不符，已拒绝", "docx_zip_bomb")
    return content


_DOCTYPE_MARKS = tuple("<!DOCTYPE".encode(codec) for codec in ("ascii", "utf-16-le", "utf-16-be"))


def parse_xml(content: bytes) -> etree._Element:
    if any(mark in content for mark in _DOCTYPE_MARKS):
        raise UnsafeDocx("文档含有 DTD 声明（可能是实体炸弹），已拒绝", "docx_xml_entities")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise UnsafeDocx("文档内容不是有效的 XML", "docx_invalid") from error
    if root.getroottree().docinfo.doctype:
        raise UnsafeDocx("文档含有 DTD 声明（可能是实体炸弹），已拒绝", "docx_xml_entities")
    return root
