"""Bad input raises ParseError with a stable code and a Chinese + English message."""

import io
import os
import zipfile
from pathlib import Path

import pytest

import rectify.parsing as parser_mod
from rectify.parsing import ParseError, parse_bytes, parse_file

FIXTURES = Path(__file__).parent / "fixtures"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + os.urandom(200)


def _check(info, code: str, filename: str | None = None) -> None:
    err = info.value
    assert err.code == code
    assert err.message_zh and err.message_en
    text = str(err)
    assert " / " in text
    zh, en = text.split(" / ", 1)
    assert any("\u4e00" <= c <= "\u9fff" for c in zh)
    assert en.isascii() or filename
    if filename:
        assert filename in zh and filename in en


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ParseError) as info:
        parse_file(path)
    _check(info, "empty", "empty.txt")


def test_whitespace_only():
    with pytest.raises(ParseError) as info:
        parse_bytes(b" \r\n\t\n", "blank.txt")
    _check(info, "empty", "blank.txt")
    with pytest.raises(ParseError) as info:
        parse_bytes("\ufeff\u3000\n".encode(), "blank2.txt")
    assert info.value.code == "empty"


def test_png_bytes():
    with pytest.raises(ParseError) as info:
        parse_bytes(PNG, "notice.txt")
    _check(info, "binary", "notice.txt")


def test_random_bytes():
    data = bytes(range(256)) * 4 + os.urandom(4096)
    with pytest.raises(ParseError) as info:
        parse_bytes(data, "random.txt")
    assert info.value.code in {"binary", "unknown_encoding"}
    _check(info, info.value.code, "random.txt")


def test_too_large_bytes():
    with pytest.raises(ParseError) as info:
        parse_bytes(b"x" * 2000, "big.txt", max_bytes=1000)
    _check(info, "too_large", "big.txt")
    assert "1000" in info.value.message_en


def test_too_large_file_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: costs no disk

    def no_read(*args, **kwargs):
        raise AssertionError("the file must not be read")

    monkeypatch.setattr(Path, "open", no_read)
    monkeypatch.setattr(Path, "read_bytes", no_read)
    with pytest.raises(ParseError) as info:
        parse_file(path)
    _check(info, "too_large", "huge.txt")
    with pytest.raises(ParseError) as info:
        parse_file(path, max_bytes=10)
    assert info.value.code == "too_large"


def test_max_bytes_small_limit_on_real_file(tmp_path):
    path = tmp_path / "seed.txt"
    path.write_bytes((FIXTURES / "seed.txt").read_bytes())
    with pytest.raises(ParseError) as info:
        parse_file(path, max_bytes=1024)
    assert info.value.code == "too_large"
    assert parser_mod.parse_file(path).totals()["measures"] == 82


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_docx_zip_bomb_by_ratio():
    data = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document>" + b" " * (20 * 1024 * 1024) + b"</w:document>",
        }
    )
    assert len(data) < 200 * 1024
    with pytest.raises(ParseError) as info:
        parse_bytes(data, "bomb.docx")
    _check(info, "zip_bomb", "bomb.docx")


def test_docx_zip_bomb_by_declared_size():
    data = bytearray(_zip({"word/document.xml": b"<w:document/>"}, zipfile.ZIP_STORED))
    # forge the uncompressed size (200 MB) in the central directory entry
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24 : cd + 28] = (200 * 1024 * 1024).to_bytes(4, "little")
    with pytest.raises(ParseError) as info:
        parse_bytes(bytes(data), "forged.docx")
    _check(info, "zip_bomb", "forged.docx")


def test_corrupt_docx():
    with pytest.raises(ParseError) as info:
        parse_bytes(b"PK\x03\x04 this is not really a zip", "broken.docx")
    _check(info, "corrupt", "broken.docx")


def test_zip_that_is_not_word():
    with pytest.raises(ParseError) as info:
        parse_bytes(_zip({"hello.txt": b"hi"}), "other.docx")
    assert info.value.code == "unsupported_type"


def test_unknown_encoding():
    # high bytes that are invalid in UTF-8, GB18030 and Big5, no NUL bytes
    data = b"\x80\xff\xfe\x80" * 300
    with pytest.raises(ParseError) as info:
        parse_bytes(data, "weird.txt")
    _check(info, "unknown_encoding", "weird.txt")


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("notice.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
        ("notice.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
        ("notice.txt", b"%PDF-1.4 disguised"),
        ("notice.xlsx", b"whatever"),
    ],
)
def test_unsupported_types(filename, data):
    with pytest.raises(ParseError) as info:
        parse_bytes(data, filename)
    _check(info, "unsupported_type", filename)


def test_prose_without_structure_is_read_not_refused():
    """Issue 8: nothing with text is refused; what could not be read is a warning."""
    notice = parse_bytes((FIXTURES / "no_structure.txt").read_bytes(), "prose.txt")
    assert notice.findings == []
    assert [w.code for w in notice.warnings] == ["no_tree"]
    assert notice.title == "关于做好2024年元旦春节期间有关工作的提示"
    assert notice.issuer == "办公室" and notice.date.isoformat() == "2023-12-25"


def test_errors_carry_line_locations():
    err = ParseError("unknown_encoding", filename="a.txt", location="第3行")
    assert "第3行" in str(err) and "a.txt" in str(err)
