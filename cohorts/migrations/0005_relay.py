from django.db import migrations, models
from django.db.models import F


def announced_before(apps, schema_editor):
    """Changes saved before the relay existed were announced then: the relay must not send them again."""
    apps.get_model("cohorts", "TimetableChange").objects.update(announced_at=F("created"))


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0004_activity_log"),
    ]

    operations = [
        migrations.AddField(
            model_name="timetablechange",
            name="announced_at",
            field=models.DateTimeField(blank=True, help_text="When the emails were queued.", null=True),
        ),
        migrations.RunPython(announced_before, migrations.RunPython.noop),
    ]
