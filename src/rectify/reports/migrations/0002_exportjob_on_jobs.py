# Excel exports run as rectify.jobs jobs: each export gets a Job (existing ones too), whose
# status and error replace the export's own columns.

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

TASK = "rectify.reports.tasks.ledger_export_task"
STATUS = {"done": "succeeded", "failed": "failed", "queued": "queued", "running": "queued"}


def link_jobs(apps, schema_editor):
    ExportJob = apps.get_model("reports", "ExportJob")
    Job = apps.get_model("jobs", "Job")
    now = timezone.now()
    for export in ExportJob.objects.filter(job__isnull=True).iterator():
        status = STATUS.get(export.status, "queued")  # in-flight exports run again
        export.job = Job.objects.create(
            task_path=TASK,
            args=[export.pk],
            status=status,
            attempts=0 if status == "queued" else 1,
            run_after=now,
            finished_at=export.finished_at if status != "queued" else None,
            error_code="exception" if status == "failed" else "",
            error=export.error[:2000] if status == "failed" else "",
            owner_id=export.owner_id,
        )
        export.save(update_fields=["job"])


def unlink_jobs(apps, schema_editor):
    """Backwards: each export takes its job's status and error again (the jobs stay)."""
    ExportJob = apps.get_model("reports", "ExportJob")
    back = {"succeeded": "done", "failed": "failed", "queued": "queued", "running": "running"}
    for export in ExportJob.objects.filter(job__isnull=False).select_related("job").iterator():
        export.status = back.get(export.job.status, "queued")
        export.error = export.job.error if export.job.status == "failed" else ""
        export.save(update_fields=["status", "error"])


class Migration(migrations.Migration):

    dependencies = [
        ('jobs', '0001_initial'),
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='exportjob',
            name='job',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ledger_export', to='jobs.job'),
        ),
        migrations.RunPython(link_jobs, unlink_jobs),
        migrations.RemoveField(
            model_name='exportjob',
            name='error',
        ),
        migrations.RemoveField(
            model_name='exportjob',
            name='status',
        ),
    ]
