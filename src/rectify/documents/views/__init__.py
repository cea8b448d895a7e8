"""Views of the documents app, one module per task: importing a notice, the notice itself."""

from .importing import import_review, import_upload
from .notice import notice, notice_check, notice_edit

__all__ = ["import_review", "import_upload", "notice", "notice_check", "notice_edit"]
