"""Load the provisional national outcomes (portfolio/frameworks.py)."""

from django.db import migrations

from portfolio.frameworks import load_provisional


def load(apps, schema_editor):
    load_provisional(apps.get_model("portfolio", "Framework"), apps.get_model("portfolio", "Part"),
                     apps.get_model("portfolio", "Outcome"))


def unload(apps, schema_editor):
    apps.get_model("portfolio", "Framework").objects.filter(name="NASENCO 2014", version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
