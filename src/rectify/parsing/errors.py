"""ParseError: a stable code plus a Chinese and an English message."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "empty": ("文件为空，没有可解析的内容", "the file is empty"),
    "binary": ("文件是二进制数据，不是文本或 Word 文档", "the file is binary data, not text"),
    "too_large": ("文件过大", "the file is too large"),
    "zip_bomb": (
        "Word 文件解压后体积异常（疑似压缩炸弹），已拒绝处理",
        "the .docx expands to an absurd size (zip bomb); refused",
    ),
    "corrupt": ("文件已损坏，无法打开", "the file is corrupt and cannot be opened"),
    "unknown_encoding": ("无法识别文件的字符编码", "the file's character encoding is unknown"),
    "no_structure": (
        "未能识别通报结构（没有找到编号标题、问题或整改措施）",
        "no document structure found (no numbered headings, problems or measures)",
    ),
    "unsupported_type": ("不支持的文件类型", "unsupported file type"),
}


class ParseError(Exception):
    """A document that cannot be parsed. ``str()`` is "中文 / English"."""

    def __init__(
        self,
        code: str,
        *,
        filename: str | None = None,
        location: str | None = None,
        detail_zh: str | None = None,
        detail_en: str | None = None,
    ) -> None:
        zh, en = MESSAGES.get(code, ("无法解析文件", "the file cannot be parsed"))
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

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message_zh, "message_en": self.message_en}
