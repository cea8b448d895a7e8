"""Signals core sends for later apps to act on (core imports none of them)."""

from django.dispatch import Signal

# Sent after `rectify restore` committed the database and placed the files (manifest=…).
backup_restored = Signal()

# Sent after `rectify backup` wrote an archive (output=…, manifest=…): the audit trail records it.
backup_created = Signal()
