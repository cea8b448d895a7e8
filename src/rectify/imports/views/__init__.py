"""Views of the imports app: upload a document, review, repair and correct it, confirm it."""

from .importing import import_review, import_upload
from .ledger import ledger_import
from .repairing import import_repair

__all__ = ["import_repair", "import_review", "import_upload", "ledger_import"]
