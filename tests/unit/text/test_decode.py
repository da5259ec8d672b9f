"""decode_text: the encodings Chinese offices save plain text in."""

from __future__ import annotations

import codecs

import pytest

from webapp.text.decode import UndecodableText, decode_text

REPORT = "县发改局2020年工作总结\n一、主要经济指标稳中有进\n全年实现地区生产总值增长5%。\n"


@pytest.mark.parametrize(
    "data",
    [
        REPORT.encode("utf-8"),
        codecs.BOM_UTF8 + REPORT.encode("utf-8"),
        REPORT.encode("gb18030"),
        REPORT.encode("gbk"),
        codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_office_encodings_decode_to_the_same_text(data: bytes) -> None:
    assert decode_text(data) == REPORT


def test_gb18030_only_characters_survive() -> None:
    text = "㐀䶵 𠀀 扩展区汉字与欧元符号€"
    assert decode_text(text.encode("gb18030")) == text


def test_windows_and_old_mac_newlines_become_newlines() -> None:
    assert decode_text("一\r\n二\r三\n四".encode()) == "一\n二\n三\n四"
    assert decode_text("一\r\n二".encode("gbk")) == "一\n二"


def test_bom_is_not_part_of_the_text() -> None:
    assert not decode_text(codecs.BOM_UTF8 + "标题".encode()).startswith("\ufeff")


def test_empty_input_is_empty_text() -> None:
    assert decode_text(b"") == ""


def test_big5_that_is_not_valid_gb18030_falls_back_to_detection() -> None:
    text = "臺灣省政府經濟發展委員會年度工作報告，本年度各項業務推動順利。" * 3
    assert decode_text(text.encode("big5")) == text


def test_utf16_without_bom_is_detected() -> None:
    text = "县发改局2020年工作总结，全年增长5%。"
    assert decode_text(text.encode("utf-16-le")) == text


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00rest-of-zip", ".docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1legacy", ".doc"),
        (b"%PDF-1.7\n%binary", "PDF"),
    ],
)
def test_binary_files_get_a_message_that_says_what_they_are(data: bytes, hint: str) -> None:
    with pytest.raises(UndecodableText, match=hint.replace(".", r"\.")):
        decode_text(data)


def test_random_binary_is_rejected_with_a_chinese_message() -> None:
    data = bytes(range(256)) * 4
    with pytest.raises(UndecodableText, match="编码"):
        decode_text(data)


def test_broken_utf16_with_bom_is_rejected() -> None:
    with pytest.raises(UndecodableText):
        decode_text(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate


def test_undecodable_text_is_a_value_error() -> None:
    assert issubclass(UndecodableText, ValueError)
