from django.db import migrations, models

from nasenco.folding import fold


def backfill(apps, schema_editor):
    """Every existing user's full_name folded as search compares it (later saves keep it)."""
    model = apps.get_model("accounts", "user")
    batch = []
    for row in model.objects.only("pk", "full_name").iterator(chunk_size=2000):
        row.search_name = fold(row.full_name)[:150]
        batch.append(row)
        if len(batch) == 2000:
            model.objects.bulk_update(batch, ["search_name"])
            batch = []
    model.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_account_guard'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='search_name',
            field=models.CharField(blank=True, editable=False, max_length=150),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
