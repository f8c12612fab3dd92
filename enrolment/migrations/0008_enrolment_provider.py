"""Each place stores its cohort's provider (issue 13: a provider's lists filter on their own index)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_provider(apps, schema_editor):
    Enrolment = apps.get_model("enrolment", "Enrolment")
    Cohort = apps.get_model("cohorts", "Cohort")
    Enrolment.objects.update(
        provider_id=Subquery(Cohort.objects.filter(pk=OuterRef("cohort_id")).values("provider_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0012_scale_indexes"),
        ("enrolment", "0007_scale_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrolment",
            name="provider",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cohorts.provider",
            ),
        ),
        migrations.RunPython(copy_provider, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="enrolment",
            name="provider",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="cohorts.provider"
            ),
        ),
        migrations.AddIndex(
            model_name="enrolment",
            index=models.Index(fields=["provider", "-submitted_at", "-created"], name="enrolment_provider_newest"),
        ),
        migrations.AddIndex(
            model_name="enrolment",
            index=models.Index(fields=["provider", "status"], name="enrolment_provider_status"),
        ),
    ]
