from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgUnitKind(models.TextChoices):
    DISTRICT = "district", _("District / county")
    STREET = "street", _("Street / town")
    BUREAU = "bureau", _("Bureau")
    DEPARTMENT = "department", _("Department")
    COMMUNITY = "community", _("Community")
    INSPECTING_BODY = "inspecting_body", _("Inspecting body")


class OutsideUnitKind(models.TextChoices):
    """What an outside unit (外单位) is to the units that name it."""

    INSPECTING_BODY = "inspecting_body", _("Inspecting body")
    INSPECTED_UNIT = "inspected_unit", _("Inspected unit")
    PARTNER = "partner", _("Co-operating unit")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    OFFICE = "office", _("Rectification office")
    LEADER = "leader", _("Unit leader")
    DEPT_HEAD = "dept_head", _("Department head")
    REPORTER = "reporter", _("Department reporter")
    DISCIPLINE = "discipline", _("Discipline supervisor")
    REVIEWER = "reviewer", _("Inspecting body reviewer")
    SYSADMIN = "sysadmin", _("System administrator")
    SECADMIN = "secadmin", _("Security administrator")
    AUDITADMIN = "auditadmin", _("Audit administrator")


# Roles that do no business work at all (三员分立).
ADMIN_ROLES = {Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN}
