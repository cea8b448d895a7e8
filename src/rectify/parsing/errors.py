"""ParseError: a stable code plus a Chinese and an English message."""

from __future__ import annotations

from rectify.parsing.enums import ErrorCode

MESSAGES: dict[ErrorCode, tuple[str, str]] = {
    ErrorCode.EMPTY: ("文件为空，没有可解析的内容", "the file is empty"),
    ErrorCode.BINARY: (
        "文件是二进制数据，不是文本或 Word 文档",
        "the file is binary data, not text",
    ),
    ErrorCode.TOO_LARGE: ("文件过大", "the file is too large"),
    ErrorCode.ZIP_BOMB: (
        "Word 文件解压后体积异常（疑似压缩炸弹），已拒绝处理",
        "the .docx expands to an absurd size (zip bomb); refused",
    ),
    ErrorCode.CORRUPT: ("文件已损坏，无法打开", "the file is corrupt and cannot be opened"),
    ErrorCode.UNKNOWN_ENCODING: (
        "无法识别文件的字符编码",
        "the file's character encoding is unknown",
    ),
    ErrorCode.NO_STRUCTURE: (
        "未能识别通报结构（没有找到编号标题、问题或整改措施）",
        "no document structure found (no numbered headings, problems or measures)",
    ),
    ErrorCode.UNSUPPORTED_TYPE: ("不支持的文件类型", "unsupported file type"),
}


class ParseError(Exception):
    """A document that cannot be parsed. ``str()`` is "中文 / English"."""

    def __init__(
        self,
        code: ErrorCode,
        *,
        filename: str | None = None,
        location: str | None = None,
        detail_zh: str | None = None,
        detail_en: str | None = None,
    ) -> None:
        code = ErrorCode(code)
        zh, en = MESSAGES[code]
        if detail_zh:
            zh = f"{zh}：{detail_zh}"
        if detail_en:
            en = f"{en}: {detail_en}"
        self.code = code
        self.filename = filename
        self.location = location
        where_zh = "，".join(x for x in (filename and f"文件“{filename}”", location) if x)
        where_en = ", ".join(x for x in (filename and f"file '{filename}'", location) if x)
        self.message_zh = f"{where_zh}：{zh}" if where_zh else zh
        self.message_en = f"{en} ({where_en})" if where_en else en
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.message_zh} / {self.message_en}"

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code.value, "message": self.message_zh, "message_en": self.message_en}
