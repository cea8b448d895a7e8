"""insights' periodic jobs: the recurring findings (屡改屡犯 / 反弹) the inspection page marks
are matched again every hour (an import into a unit with earlier rounds matches it at once);
the leader and district dashboards' figures are computed again every 30 minutes (their pages
show the age)."""

from django.utils.translation import gettext_lazy as _

from rectify.jobs.registry import every, label, periodic

from .tasks import finding_matches_task, inspection_figures_task

periodic("insights.finding_matches", task=finding_matches_task, when=every(hours=1))
label(finding_matches_task, _("Recurring findings matched again"))
periodic("insights.figures", task=inspection_figures_task, when=every(minutes=30))
label(inspection_figures_task, _("Dashboard figures computed again"))
