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
