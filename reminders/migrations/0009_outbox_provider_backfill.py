"""Each reminder's email carries its provider (nasenco.mail 0007), so the reminders outbox counts a provider's
unsent emails from a small partial index: fill it in for the emails stored before."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    OutboxEmail = apps.get_model("mail", "OutboxEmail")
    Reminder = apps.get_model("reminders", "Reminder")
    OutboxEmail.objects.filter(provider_id__isnull=True, reminder__isnull=False).update(
        provider_id=Subquery(Reminder.objects.filter(email_id=OuterRef("pk")).values("provider_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0008_switchable_emails"),
        ("mail", "0007_outbox_provider"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
