"""Bytes of a text file → text: BOMs, UTF-8, UTF-16 without BOM, GB18030, Big5, then a guess."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from rectify.lib.text import cjk_ratio
from rectify.parsing.enums import ErrorCode
from rectify.parsing.errors import ParseError


def _utf16_guess(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd > 0.2 and even < 0.05:
        return "utf-16-le"
    if even > 0.2 and odd < 0.05:
        return "utf-16-be"
    return None


def _gb2312_share(text: str) -> float:
    hanzi = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not hanzi:
        return 1.0
    common = 0
    for c in hanzi:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(hanzi)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes, filename: str = "") -> str:
    """Decode text: BOMs, UTF-8, UTF-16 without BOM, GB18030, Big5, then charset-normalizer."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc)
            except UnicodeDecodeError as exc:
                raise ParseError(
                    ErrorCode.UNKNOWN_ENCODING, filename=filename, detail_zh=enc, detail_en=enc
                ) from exc
    utf16 = _utf16_guess(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise ParseError(ErrorCode.BINARY, filename=filename)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _decode_chinese(data)
    if text is None:
        raise ParseError(ErrorCode.UNKNOWN_ENCODING, filename=filename)
    return text


def _decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _decode_chinese(data: bytes) -> str | None:
    """GB18030 when its characters are common ones, else Big5, else charset-normalizer's guess."""
    gb = _decode(data, "gb18030")
    if gb is not None and _gb2312_share(gb) >= 0.9 and cjk_ratio(gb) > 0.05:
        return gb
    big5 = _decode(data, "big5hkscs")
    if big5 is not None and cjk_ratio(big5) > 0.2:
        return big5
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    return gb if gb is not None and cjk_ratio(gb) > 0.3 else None


def _guess(data: bytes) -> str | None:
    try:
        best = from_bytes(data[: 256 * 1024]).best()
        if best is not None and best.encoding:
            text = data.decode(best.encoding, errors="strict")
            if cjk_ratio(text) > 0.2:
                return text
    except (ImportError, LookupError, UnicodeDecodeError):
        pass
    return None
