"""Official punctuation for output: half-width , ; : ( ) ? ! in Chinese text become full-width.

Web copies (like the seed) carry half-width punctuation; printed notices use full-width.
Stored texts stay as imported; only what is rendered is converted. Digits keep their own
separators (1,000  18:00  8.78), and e-mail addresses are left alone.
"""

import re

_CJK = r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’《》〔〕]"
_COMMA = re.compile(r"(?<!\d),|,(?!\d)")
_COLON = re.compile(r"(?<!\d):|:(?!\d)")
_PAREN = re.compile(rf"\(([^()]*{_CJK}[^()]*)\)")
_QUESTION = re.compile(rf"(?<={_CJK})([?!])")
_URL = re.compile(r"[A-Za-z][\w+.-]*://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _convert(part: str) -> str:
    part = _COMMA.sub("，", part)
    part = part.replace(";", "；")
    part = _COLON.sub("：", part)
    part = _PAREN.sub(r"（\1）", part)
    return _QUESTION.sub(lambda m: {"?": "？", "!": "！"}[m.group(1)], part)


def official(text: str) -> str:
    """Full-width punctuation in Chinese running text; URLs and e-mail addresses untouched."""
    if not text:
        return text
    out, last = [], 0
    for m in _URL.finditer(text):
        out.append(_convert(text[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_convert(text[last:]))
    return "".join(out)


def sentence(text: str) -> str:
    """The text as a sentence: ends with a full stop unless it already ends a sentence."""
    text = text.strip()
    if text and text[-1] not in "。！？；…”’）)":
        text += "。"
    return text
