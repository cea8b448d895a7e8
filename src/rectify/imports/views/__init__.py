"""Views of the imports app: upload a document, review and correct it, confirm it."""

from .importing import import_review, import_upload
from .ledger import ledger_import

__all__ = ["import_review", "import_upload", "ledger_import"]
