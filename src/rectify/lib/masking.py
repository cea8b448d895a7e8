"""Masking of personal data for public or less-privileged views (pure Python)."""


def mask_mobile(text: str) -> str:
    """13812345678 → 138****5678 (keeps any prefix such as +86)."""
    return text[:-8] + "****" + text[-4:]


def mask_landline(text: str) -> str:
    """020-89998901 → 020-8999****."""
    return text[:-4] + "****"


def mask_id_number(text: str) -> str:
    """440105199001011234 → 440105********1234."""
    return text[:6] + "*" * max(0, len(text) - 10) + text[-4:] if len(text) > 10 else "****"


def mask_name(text: str) -> str:
    """张三丰 → 张**; an empty name stays empty."""
    text = text.strip()
    return text[:1] + "*" * max(1, len(text) - 1) if text else ""


def mask_contact(text: str) -> str:
    """A phone (its last four digits kept), an e-mail (its domain kept), or anything else
    hidden: 13812345678 → 138****5678, li@example.cn → l***@example.cn."""
    text = text.strip()
    if not text:
        return ""
    if "@" in text:
        local, _at, domain = text.rpartition("@")
        return f"{local[:1]}***@{domain}"
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 11 and digits[-11] == "1" and text[-11:].isdigit():
        return mask_mobile(text)
    if len(digits) >= 7:
        return mask_landline(text)
    return "****"
