"""check_evidence_file: the bytes decide the type, never the name; refusals say why."""

import hashlib
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from rectify.core.errors import ValidationFailed
from rectify.core.files import check_evidence_file
from tests.factories import PDF_BYTES

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 112

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English, whatever translations the catalogue has."""
    with translation.override("en"):
        yield


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    # The browser's claimed type is deliberately wrong: it must not matter.
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("海幢街道党工委关于巡察整改进展情况的报告", level=1)
    document.add_paragraph("一是召开专题会议研究整改工作。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "问题", "整改措施", "完成时限"])
    sheet.append([1, "违建整治不彻底", "拆除违建", "2024年6月30日"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("会议纪要.pdf", PDF_BYTES, "application/pdf"),
        ("现场照片.png", PNG, "image/png"),
        ("现场照片.jpg", JPEG, "image/jpeg"),
        ("现场照片.gif", GIF, "image/gif"),
        ("老版本文档.doc", OLE, "application/msword"),
        ("老版本台账.xls", OLE, "application/vnd.ms-excel"),
        ("说明.txt", "整改情况说明：已完成。\n".encode(), "text/plain"),
        ("说明.txt", "整改情况说明：已完成。\r\n".encode("gbk"), "text/plain"),
        # The name lies, the content decides: a photo called .pdf is a photo.
        ("报告.pdf", PNG, "image/png"),
    ],
)
def test_accepted_types_are_sniffed_from_the_content(name, content, expected):
    checked = check_evidence_file(upload(name, content))
    assert checked.content_type == expected
    assert checked.name == name
    assert checked.size == len(content)


def test_real_docx_and_xlsx_are_accepted():
    assert check_evidence_file(upload("整改报告.docx", docx_bytes())).content_type == DOCX
    assert check_evidence_file(upload("整改台账.xlsx", xlsx_bytes())).content_type == XLSX


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_long_text_cut_inside_a_character_is_still_text(encoding):
    # One ASCII byte first, so the 2 KiB head ends in the middle of a multibyte character.
    content = b"A" + ("整改落实情况" * 800).encode(encoding)
    assert check_evidence_file(upload("说明.txt", content)).content_type == "text/plain"


def test_sha256_of_all_the_bytes_and_the_file_is_rewound():
    content = PDF_BYTES + os.urandom(200_000)
    file = upload("扫描件.pdf", content)
    checked = check_evidence_file(file)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert file.tell() == 0
    assert file.read() == content


def test_windows_paths_are_stripped_from_the_name():
    checked = check_evidence_file(upload("C:\\fakepath\\整改报告.pdf", PDF_BYTES))
    assert checked.name == "整改报告.pdf"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("报告.pdf", ELF, id="elf-called-pdf"),
        pytest.param("报告.pdf", EXE, id="exe-called-pdf"),
        pytest.param("报告.exe", EXE, id="exe"),
        pytest.param("报告.pdf", os.urandom(4096) + b"\x00", id="random-bytes"),
        pytest.param("报告.pdf", b"PK\x03\x04" + b"\x00" * 100, id="zip-called-pdf"),
        pytest.param("材料.zip", b"PK\x03\x04" + b"\x00" * 100, id="zip"),
        pytest.param("报告.pdf", b"\x00\x01\x02\x03text", id="binary-with-nul"),
    ],
)
def test_disguised_or_unknown_files_are_refused(name, content):
    with pytest.raises(ValidationFailed) as refused:
        check_evidence_file(upload(name, content))
    message = str(refused.value)
    assert name in message
    assert "content was checked" in message


def test_a_docx_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationFailed):
        check_evidence_file(upload("报告.pdf", docx_bytes()))


def test_empty_file_is_refused():
    with pytest.raises(ValidationFailed, match="empty") as refused:
        check_evidence_file(upload("空白.pdf", b""))
    assert "空白.pdf" in str(refused.value)


def test_oversize_file_is_refused_with_sizes_in_megabytes(settings):
    settings.RECTIFY_EVIDENCE_MAX_BYTES = 1024 * 1024
    content = PDF_BYTES + b"0" * (1024 * 1024)
    with pytest.raises(ValidationFailed) as refused:
        check_evidence_file(upload("大文件.pdf", content))
    assert str(refused.value) == "File “大文件.pdf” is 1.0 MB; the limit is 1.0 MB."
    # Exactly at the limit is fine.
    assert check_evidence_file(upload("刚好.pdf", content[: 1024 * 1024])).size == 1024 * 1024


def test_small_limits_are_shown_in_kilobytes(settings):
    settings.RECTIFY_EVIDENCE_MAX_BYTES = 200 * 1024
    with pytest.raises(ValidationFailed) as refused:
        check_evidence_file(upload("图.pdf", PDF_BYTES + b"0" * (300 * 1024)))
    assert "the limit is 200 KB" in str(refused.value)


def test_text_with_binary_tail_is_refused():
    content = "整改情况说明".encode() * 1000 + b"\x00\x01\x02" + os.urandom(64)
    with pytest.raises(ValidationFailed):
        check_evidence_file(upload("说明.txt", content))


def test_zip_named_docx_that_is_not_a_document_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ" + b"0" * 100)
    with pytest.raises(ValidationFailed):
        check_evidence_file(upload("报告.docx", buffer.getvalue()))
