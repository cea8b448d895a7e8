from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from rectify.core.crypto import EncryptedTextField
from rectify.core.models import TimeStamped

from .enums import OrgUnitKind, OutsideUnitKind, Role


class OrgUnitQuerySet(models.QuerySet):
    def subtree_of(self, units) -> "OrgUnitQuerySet":
        """Units whose materialised path starts with any of the given units' paths."""
        query = models.Q()
        for unit in units:
            query |= models.Q(path__startswith=unit.path)
        return self.filter(query) if query else self.none()


class OrgUnit(TimeStamped):
    """组织机构: a unit of the tree district → street/bureau → department (科室)/community."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    # Materialised path "/1/4/9/" for subtree queries in one indexed lookup.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_unique_name_in_parent")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if path != self.path:
            self.path = path
            OrgUnit.objects.filter(pk=self.pk).update(path=path)

    @property
    def label(self) -> str:
        return self.short_name or self.name


class OutsideUnit(TimeStamped):
    """外单位: an inspecting body, an inspected unit or a co-operating unit outside the user's
    own tree. Named by inspections and measures, never one of the unit's departments; one
    register for the deployment, kept by the rectification offices (list, add, edit, merge)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OutsideUnitKind.choices, default=OutsideUnitKind.PARTNER
    )
    # Other names it goes by: the names of duplicates merged into it, so files still match.
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    # Where a migration moved it from (an org unit an import had made); read to move it back.
    moved_from = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("outside unit")
        verbose_name_plural = _("outside units")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def names(self) -> list[str]:
        return [n for n in (self.name, self.short_name, *self.aliases) if n]


class User(AbstractUser):
    """用户: a person who logs in; roles come from memberships."""

    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    must_change_password = models.BooleanField(_("must change password"), default=True)
    # The interface language the user chose (empty: the site's default, Chinese); kept across
    # log-ins and browsers.
    language = models.CharField(
        _("language"), max_length=10, blank=True, choices=settings.LANGUAGES
    )
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    # Administrator roles may hold one session at a time; a new login ends the previous one.
    current_session_key = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class Membership(TimeStamped):
    """岗位: a user's role in one org unit (and, for unit-wide roles, its subtree)."""

    user = models.ForeignKey(User, models.CASCADE, related_name="memberships")
    org_unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "org_unit", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.org_unit} · {self.get_role_display()}"


class PasswordHistory(models.Model):
    """密码历史: hashes of a user's recent passwords, so none of the last N is reused."""

    user = models.ForeignKey(User, models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"
