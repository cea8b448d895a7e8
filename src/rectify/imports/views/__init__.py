"""Views of the imports app: upload a document, review and correct it, confirm it."""

from .importing import import_review, import_upload

__all__ = ["import_review", "import_upload"]
