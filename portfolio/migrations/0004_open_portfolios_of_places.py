"""Portfolios now open when a place is given, and pages no longer create them on a visit: open one for
every place already given that has none (with the newest published framework of its qualification)."""

from django.db import migrations

ON_PROGRAMME = ("accepted", "active", "completed")


def open_portfolios(apps, schema_editor):
    Enrolment = apps.get_model("enrolment", "Enrolment")
    Framework = apps.get_model("portfolio", "Framework")
    Portfolio = apps.get_model("portfolio", "Portfolio")
    published = Framework.objects.filter(published=True).order_by("-version")
    places = Enrolment.objects.filter(status__in=ON_PROGRAMME, portfolio__isnull=True).select_related(
        "cohort__programme"
    )
    for enrolment in places:
        qualification = enrolment.cohort.programme.qualification
        framework = published.filter(qualification=qualification).first() or published.first()
        if framework is not None:
            Portfolio.objects.create(enrolment=enrolment, framework=framework)


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0003_journal_self_evaluation"),
        ("enrolment", "0004_statutory_answer"),
    ]

    operations = [migrations.RunPython(open_portfolios, migrations.RunPython.noop)]
