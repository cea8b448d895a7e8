# ExportJob now belongs to the reports app; the table documents_exportjob stays (state only).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0004_exportjob'),
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ExportJob')],
            database_operations=[],
        ),
    ]
