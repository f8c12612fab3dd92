from django.db import migrations, models

from nasenco.folding import fold


def backfill(apps, schema_editor):
    """Every existing school's name folded as search compares it (later saves keep it)."""
    model = apps.get_model("enrolment", "school")
    batch = []
    for row in model.objects.only("pk", "name").iterator(chunk_size=2000):
        row.search_name = fold(row.name)[:200]
        batch.append(row)
        if len(batch) == 2000:
            model.objects.bulk_update(batch, ["search_name"])
            batch = []
    model.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):

    dependencies = [
        ('enrolment', '0011_waiting_list'),
    ]

    operations = [
        migrations.AddField(
            model_name='school',
            name='search_name',
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
