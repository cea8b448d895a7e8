from django.db import models
from django.utils.translation import gettext_lazy as _

from rectify.inspections.models import Finding, Inspection
from rectify.measures.models import Measure
from rectify.orgs.models import OrgUnit


class GateConfig(models.Model):
    """销号门槛 of one inspection: what a sign-off request must show, by category of measure.
    An inspection without a row uses `DEFAULT_GATES` (every gate on)."""

    inspection = models.OneToOneField(Inspection, models.CASCADE, related_name="gate_config")
    rules_need_document = models.BooleanField(
        _("建章立制: the rule's title, document number and date"), default=True
    )
    case_needs_ids = models.BooleanField(_("case work: its case numbers"), default=True)
    case_needs_photos = models.BooleanField(_("case work: before and after photos"), default=True)
    evidence_in_period = models.BooleanField(
        _("evidence dated inside the measure's period"), default=True
    )
    long_term_needs_rule = models.BooleanField(
        _("long-term: the standing rule it ends in (a dated 制度)"), default=True
    )

    class Meta:
        verbose_name = _("sign-off gates")
        verbose_name_plural = _("sign-off gates")

    def __str__(self) -> str:
        return f"{self.inspection_id}"


GATE_FIELDS = (
    "rules_need_document",
    "case_needs_ids",
    "case_needs_photos",
    "evidence_in_period",
    "long_term_needs_rule",
)
DEFAULT_GATES = GateConfig(**dict.fromkeys(GATE_FIELDS, True))


class FindingMatch(models.Model):
    """屡改屡犯 / 反弹 as last matched: a finding and the finding of an earlier round of the same
    inspected unit it repeats (`recurrence.match_rounds`), kept so that the inspection page
    reads its tree's marks in one statement. Written by `services.finding_matches_refresh`
    (an hourly job, and after an import into a unit with earlier rounds); the sign-off of
    the earlier finding is read when shown, so it is never stale."""

    finding = models.OneToOneField(Finding, models.CASCADE, related_name="+")
    earlier_finding = models.ForeignKey(Finding, models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, models.CASCADE, related_name="+")
    similarity = models.FloatField(_("similarity"))
    explicit = models.BooleanField(default=False)  # the finding names it (previous_finding)
    matched_at = models.DateTimeField(_("matched at"))
    # Read with it by `selectors.round_matches`: the earlier finding's closing sign-off.
    closing: dict | None = None

    class Meta:
        verbose_name = _("recurring finding")
        verbose_name_plural = _("recurring findings")

    def __str__(self) -> str:
        return f"{self.finding_id} ← {self.earlier_finding_id}"


class InspectionFigures(models.Model):
    """The leader and district dashboards' figures of one whole round, as last computed
    (`figures.live_figures`: completion, lights, reopened, formalism flags, recurrences),
    kept because the integrity checks read every progress report. Written by
    `services.inspection_figures_refresh` (the job `insights.figures`); the pages show
    their age."""

    inspection = models.OneToOneField(Inspection, models.CASCADE, related_name="+")
    figures = models.JSONField(default=dict)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("dashboard figures")
        verbose_name_plural = _("dashboard figures")

    def __str__(self) -> str:
        return f"{self.inspection_id}"


class RoundChecks(models.Model):
    """When the copy and photo checks of one whole round were last computed (`rounds`): the
    measure page reads its `MeasureChecks` while none of its own reports is newer."""

    inspection = models.OneToOneField(Inspection, models.CASCADE, related_name="+")
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("round checks")
        verbose_name_plural = _("round checks")

    def __str__(self) -> str:
        return f"{self.inspection_id} @ {self.computed_at:%Y-%m-%d %H:%M}"


class MeasureChecks(models.Model):
    """One flagged measure's share of its round's checks: its copied reports, its photos
    like another's, and its wording flags (progress restating the measure, only generic
    words) (`formalism.Flag` and `reuse.Reuse` as JSON); no row, nothing flagged."""

    measure = models.OneToOneField(Measure, models.CASCADE, related_name="+")
    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="+")
    copies = models.JSONField(default=list)
    photos = models.JSONField(default=list)
    wording = models.JSONField(default=list)

    class Meta:
        verbose_name = _("measure checks")
        verbose_name_plural = _("measure checks")

    def __str__(self) -> str:
        return str(self.measure_id)
