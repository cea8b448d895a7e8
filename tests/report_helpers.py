"""Small helpers for tests that need a progress report."""

from rectify.measures.models import ProgressReport


def report_on(measure, author, text="已协调采购方增设投放点。"):
    return ProgressReport.objects.create(
        measure=measure, report_date=measure.created_at.date(), text=text, author=author
    )
