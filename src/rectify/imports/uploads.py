"""An uploaded document read once, after its size and type are checked."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from rectify.parsing import ErrorCode, ParseError

ACCEPTED_SUFFIXES = (".txt", ".docx", ".html", ".htm")


def read_upload(upload: UploadedFile) -> bytes:
    """The upload's bytes after the size and type checks; ParseError otherwise."""
    name = (upload.name or "").rsplit("/", 1)[-1]
    limit = settings.RECTIFY_IMPORT_MAX_BYTES
    if not upload.size:
        raise ParseError(ErrorCode.EMPTY, filename=name)
    if upload.size > limit:
        raise ParseError(
            ErrorCode.TOO_LARGE,
            filename=name,
            detail_zh=f"{upload.size / 1048576:.1f} MB，上限 {limit // 1048576} MB",
            detail_en=f"{upload.size / 1048576:.1f} MB, limit {limit // 1048576} MB",
        )
    if not name.lower().endswith(ACCEPTED_SUFFIXES):
        raise ParseError(
            ErrorCode.UNSUPPORTED_TYPE,
            filename=name,
            detail_zh="请上传 .txt、.docx 或 .html 文件",
            detail_en="upload a .txt, .docx or .html file",
        )
    upload.seek(0)
    return upload.read()
