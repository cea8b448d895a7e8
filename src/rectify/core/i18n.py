"""Simplified Chinese unless the user picks English: the browser's language is not asked.

Government machines often run English-language browsers; the UI should still open in
Chinese. The language switch (a cookie) is the only way to English.
"""

from django.conf import settings
from django.utils.translation import get_language


class DefaultLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.RECTIFY_FOLLOW_BROWSER_LANGUAGE:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


def colon() -> str:
    """The colon after a label: full-width in Chinese (“问题：”), “: ” in English."""
    return "：" if (get_language() or "zh").startswith("zh") else ": "


def semicolon() -> str:
    """Between items of a run-on list of messages."""
    return "；" if (get_language() or "zh").startswith("zh") else "; "


def listsep() -> str:
    """Between names in a list: “、” in Chinese, “, ” in English."""
    return "、" if (get_language() or "zh").startswith("zh") else ", "
