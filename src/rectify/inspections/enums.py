from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionKind(models.TextChoices):
    XUNSHI = "xunshi", _("Inspection tour (巡视)")
    XUNCHA = "xuncha", _("Inspection tour (巡察)")
    AUDIT = "audit", _("Audit (审计)")
    ENVIRONMENTAL = "environmental", _("Environmental inspection (环保督察)")
    SPECIAL = "special", _("Special inspection (专项检查)")
    FOLLOW_UP = "follow_up", _("Follow-up inspection (回头看)")


class FindingKind(models.TextChoices):
    ASPECT = "aspect", _("Aspect")
    PROBLEM = "problem", _("Problem")
    ITEM = "item", _("Sub-problem")


class SectionPlacement(models.TextChoices):
    BEFORE = "before", _("Before the findings")
    AFTER = "after", _("After the findings")
