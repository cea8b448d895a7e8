"""Checks on uploaded files: size, and type decided from the content, never from the name."""

import codecs
import hashlib
import re
import zipfile
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .errors import ValidationFailed

# MIME types accepted as evidence, by what the bytes are.
EVIDENCE_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "application/ofd": ".ofd",
    "text/plain": ".txt",
}
OOXML_BY_EXT = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".ofd": "application/ofd",
}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int
    sha256: str


def _sniff(head: bytes, name: str) -> str | None:
    lower = name.lower()
    if head.startswith(b"PK\x03\x04"):
        # Office Open XML and OFD are zip containers; the extension picks which one.
        for ext, mime in OOXML_BY_EXT.items():
            if lower.endswith(ext):
                return mime
        return None
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/vnd.ms-excel" if lower.endswith(".xls") else "application/msword"
    try:
        mime = puremagic.from_string(head, mime=True)
    except puremagic.PureError:
        mime = ""
    if mime in EVIDENCE_TYPES and mime != "text/plain":  # text is checked on the whole file
        return mime
    return None


def _is_text(upload: UploadedFile) -> bool:
    """Plain text only if the whole file decodes as UTF-8 or GB18030 without NUL bytes."""

    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        upload.seek(0)
        try:
            for chunk in upload.chunks():
                if b"\x00" in chunk:
                    return False
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return True
        except UnicodeDecodeError:
            continue
    return False


PACKAGE_MARKERS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "word/",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xl/",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "ppt/",
    "application/ofd": "OFD.xml",
}


# A package that unpacks to much more than it weighs is a zip bomb, whatever its name.
MAX_MEMBERS = 10000
MAX_RATIO = 200  # Office XML compresses 5-20 times; a bomb a thousand times and more
MAX_UNPACKED = 512 * 1024 * 1024
_MARKUP = re.compile(rb"<\s*(svg|script|html|iframe|object|embed|foreignobject)\b|<\?xml", re.I)


def _is_package(upload: UploadedFile, content_type: str, name: str) -> bool:
    """A zip that really is the Office/OFD document its name claims; a bomb is refused."""

    upload.seek(0)
    try:
        infos = zipfile.ZipFile(upload).infolist()
    except (zipfile.BadZipFile, OSError):
        return False
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if len(infos) > MAX_MEMBERS or unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO:
        raise ValidationFailed(
            _(
                "File “%(name)s” unpacks to %(size)s from far fewer bytes (a “zip bomb”); "
                "it was refused. Save the document again and upload that copy."
            ),
            name=name,
            size=_size_text(unpacked),
        )
    marker = PACKAGE_MARKERS[content_type]
    return any(i.filename.startswith(marker) or i.filename.endswith(marker) for i in infos)


def _refuse_markup(upload: UploadedFile, name: str) -> None:
    """SVG, HTML or XML passes as text but can carry scripts: refused as evidence."""
    upload.seek(0)
    if _MARKUP.search(upload.read(256 * 1024)):
        raise ValidationFailed(
            _(
                "File “%(name)s” is markup (SVG, HTML or XML), which can carry scripts; "
                "save it as PDF or PNG and upload that."
            ),
            name=name,
        )


def _size_text(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{max(1, size // 1024)} KB"


def check_evidence_file(upload: UploadedFile) -> CheckedFile:
    """Refuse empty, oversized or disallowed files; return type, size and SHA-256."""
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "file"
    limit = settings.RECTIFY_EVIDENCE_MAX_BYTES
    size = upload.size or 0
    if size == 0:
        raise ValidationFailed(_("File “%(name)s” is empty."), name=name)
    if size > limit:
        raise ValidationFailed(
            _("File “%(name)s” is %(size)s; the limit is %(limit)s."),
            name=name,
            size=_size_text(size),
            limit=_size_text(limit),
        )
    upload.seek(0)
    head = upload.read(2048)
    content_type = _sniff(head, name)
    if (
        content_type is not None
        and content_type in OOXML_BY_EXT.values()
        and not _is_package(upload, content_type, name)
    ):
        content_type = None
    if content_type is None and _is_text(upload):
        _refuse_markup(upload, name)
        content_type = "text/plain"
    if content_type is None:
        raise ValidationFailed(
            _(
                "File “%(name)s” is not an accepted type (PDF, images, Office documents, OFD, "
                "plain text); its content was checked, not its name."
            ),
            name=name,
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        name=name[:255], content_type=content_type, size=size, sha256=digest.hexdigest()
    )
