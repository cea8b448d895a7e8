"""Translated names of the checks' reasons (codes stay stable in JSON)."""

from django.utils.translation import gettext as _

from . import formalism


def reason(code: str) -> str:
    names = {
        formalism.COPIED_REPORT: _("Copied progress text"),
        formalism.COPIED_MEASURE: _("Progress restates the measure"),
        formalism.NO_EVIDENCE: _("Report without evidence"),
        formalism.GENERIC_MEASURE: _("Only generic words"),
        formalism.TARGET_NOT_REACHED: _("No indicator at target"),
        "reused_file": _("Same evidence file elsewhere"),
        "similar_photo": _("Near-identical photo elsewhere"),
        "recurrence": _("Recurring problem"),
    }
    return names.get(code, code)


def see_other() -> str:
    return _("see the other report")
