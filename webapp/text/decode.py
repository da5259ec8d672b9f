"""Turn the bytes of an uploaded plain-text report into text, whatever encoding the office used."""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

# Word's “Unicode text” export is UTF-16 with a BOM; Notepad on Chinese Windows saves GBK
# (a subset of GB18030) unless told otherwise; everything newer is UTF-8, sometimes with a BOM.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Signatures of files that are not plain text, so the message can say what to do instead.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "这是 Word（.docx）或压缩文件，不是纯文本，请使用 DOCX 导入"),
    (b"\xd0\xcf\x11\xe0", "这是旧版 Word（.doc）或 WPS 文件，请另存为 .docx 或纯文本后再导入"),
    (b"%PDF", "这是 PDF 文件，不是纯文本，请先转换为 .docx 或纯文本"),
)
# A decoding that yields more than this share of control or private-use characters is
# garbage: GB18030 maps almost any byte sequence to *some* character.
MAX_IMPLAUSIBLE_SHARE = 0.01
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Old Mac line ends and the Unicode line/paragraph separators all become \n.
_NEWLINES = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n"})


class UndecodableText(ValueError):
    """The bytes are not text in any encoding we accept; the message is shown to the user."""


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (BOM or not), UTF-16/32 with BOM, or GB18030/GBK; newlines become \\n."""
    return _normalise_newlines(_decode(data))


def _decode(data: bytes) -> str:
    if not data:
        return ""
    for signature, message in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise UndecodableText(message)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding)
    for encoding in ("utf-8", "gb18030"):
        text = _try(data, encoding)
        if text is not None and _is_plausible(text):
            return text
    return _detect(data)


def _strict(data: bytes, encoding: str) -> str:
    text = _try(data, encoding)
    if text is None:
        raise UndecodableText(f"文件声明为 {encoding.upper()} 编码，但内容有损坏，无法读取")
    return text


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _detect(data: bytes) -> str:
    """Last resort (Big5, UTF-16 without BOM …): charset-normalizer's guess, if plausible."""
    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _is_plausible(text):
            return text
    raise UndecodableText(
        "无法识别文件编码：请将文件另存为 UTF-8 或 GB18030（GBK）编码的纯文本后再导入"
    )


def _is_plausible(text: str) -> bool:
    if "\x00" in text:
        return False
    odd = sum(1 for ch in text if _is_implausible(ch))
    return odd <= MAX_IMPLAUSIBLE_SHARE * len(text)


def _is_implausible(ch: str) -> bool:
    category = unicodedata.category(ch)
    if category == "Cc":
        return ch not in _ALLOWED_CONTROLS
    return category in ("Co", "Cn")


def _normalise_newlines(text: str) -> str:
    # \r\n first so a Windows line break becomes one newline, not two.
    return text.replace("\r\n", "\n").translate(_NEWLINES)
