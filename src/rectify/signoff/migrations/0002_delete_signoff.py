# SignOff moved to rectify.measures (the table signoff_signoff stays: state only).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('signoff', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='SignOff')],
            database_operations=[],
        ),
    ]
