from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .codes import label_of


class AuditEntry(models.Model):
    """审计日志: who did what, when, from where, with before/after values.

    Append-only and hash-chained: each entry's `hash` covers its own content and the previous
    entry's hash, so `rectify audit verify` finds any altered, removed or reordered record.
    Entries from `AuditChain.keyed_from` on are chained with HMAC-SHA256 under a key outside
    the database, and `macs` holds one short MAC per field (with a nonce), so verify can name
    the field that was changed; older entries keep their plain SHA-256 hashes.
    """

    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    at = models.DateTimeField(db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    code = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)
    macs = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.code}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit entries are append-only; use `rectify audit prune`")

    @property
    def label(self) -> str:
        """The act in words (the declared label of the code), in the user's language."""

        return label_of(self.code)


class AuditCheckpoint(models.Model):
    """审计链锚点: where the chain starts after old entries were pruned by retention."""

    seq = models.PositiveBigIntegerField(help_text="last pruned entry's seq")
    hash = models.CharField(max_length=64, help_text="last pruned entry's hash")
    pruned_at = models.DateTimeField(auto_now_add=True)
    pruned_count = models.PositiveIntegerField()
    mac = models.CharField(max_length=64, blank=True, help_text="HMAC of seq and hash")

    class Meta:
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"checkpoint at #{self.seq}"


class AuditChain(models.Model):
    """审计链标记: this database's identity and the entry where the keyed chain starts.

    One row, written by the first audit entry chained under a key (a runtime marker, so
    archives and databases of older releases keep their entries as they are). `mac` covers
    the row under the audit key; checkpoints outside the database name `database_id`.
    """

    database_id = models.UUIDField(unique=True, editable=False)
    keyed_from = models.PositiveBigIntegerField(editable=False)
    key_id = models.CharField(max_length=16, editable=False)
    started_at = models.DateTimeField(editable=False)
    mac = models.CharField(max_length=64, editable=False)

    def __str__(self) -> str:
        return f"audit chain {self.database_id} keyed from #{self.keyed_from}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("the audit chain marker is written once")
        super().save(*args, **kwargs)
