"""The reports app's background jobs, as the administrators' job page names them."""

from django.utils.translation import gettext_lazy as _

from rectify.jobs.registry import label

from .tasks import ledger_export_task

label(ledger_export_task, _("Excel ledger export"))
