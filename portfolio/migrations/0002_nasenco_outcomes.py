"""The national outcomes, as provisional paraphrases (shared/reference/learning-outcomes.md): three parts,
fourteen outcomes. Editable by platform staff; a new wording is a new framework version."""

from django.db import migrations

PARTS = [
    ("A", "Professional knowledge and understanding", [
        ("A1", "The statutory and regulatory framework for SEN and disability, and how national and local "
               "changes affect the school"),
        ("A2", "How common special educational needs and disabilities affect pupils' participation and learning"),
        ("A3", "Principles and practice of leadership in different contexts"),
        ("A4", "Evidence-informed strategies for improving outcomes for pupils with SEN and disabilities"),
    ]),
    ("B", "Leading and coordinating provision", [
        ("B1", "Working strategically with senior leaders and governors"),
        ("B2", "Leading, developing and, where needed, challenging leaders, colleagues and governors"),
        ("B3", "Critically evaluating evidence about learning, teaching and assessment for pupils with SEN"),
        ("B4", "Drawing on external sources of support and expertise"),
        ("B5", "Developing, implementing, monitoring and evaluating systems (identification, tracking, "
               "provision mapping)"),
    ]),
    ("C", "Personal and professional qualities", [
        ("C1", "Championing an inclusive, person-centred ethos and culture"),
        ("C2", "Building relationships with pupils, families, colleagues and external agencies"),
        ("C3", "Communicating and influencing with confidence and sensitivity"),
        ("C4", "Reflecting critically on one's own practice and professional learning"),
        ("C5", "Acting ethically, including safeguarding and data protection for vulnerable pupils"),
    ]),
]


def load(apps, schema_editor):
    Framework = apps.get_model("portfolio", "Framework")
    Part = apps.get_model("portfolio", "Part")
    Outcome = apps.get_model("portfolio", "Outcome")
    framework, created = Framework.objects.get_or_create(
        name="NASENCO 2014", version=1, defaults={"qualification": "NASENCO", "provisional": True}
    )
    if not created:
        return
    for part_order, (code, title, outcomes) in enumerate(PARTS):
        part = Part.objects.create(framework=framework, code=code, title=title, order=part_order)
        for order, (outcome_code, text) in enumerate(outcomes):
            Outcome.objects.create(framework=framework, part=part, code=outcome_code, text=text, order=order)


def unload(apps, schema_editor):
    apps.get_model("portfolio", "Framework").objects.filter(name="NASENCO 2014", version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
