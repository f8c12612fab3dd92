"""The national outcomes as provisional data (docs/learning-outcomes.md): three parts, fourteen
outcomes. Loaded by a data migration; platform staff edit wording or publish a new version in the admin."""

PARTS = [
    (
        "A",
        "Professional knowledge and understanding",
        [
            (
                "A1",
                "The statutory and regulatory framework for SEN and disability, and how national and local "
                "changes affect the school",
            ),
            ("A2", "How common special educational needs and disabilities affect pupils' participation and learning"),
            ("A3", "Principles and practice of leadership in different contexts"),
            ("A4", "Evidence-informed strategies for improving outcomes for pupils with SEN and disabilities"),
        ],
    ),
    (
        "B",
        "Leading and coordinating provision",
        [
            ("B1", "Working strategically with senior leaders and governors"),
            ("B2", "Leading, developing and, where needed, challenging leaders, colleagues and governors"),
            ("B3", "Critically evaluating evidence about learning, teaching and assessment for pupils with SEN"),
            ("B4", "Drawing on external sources of support and expertise"),
            (
                "B5",
                "Developing, implementing, monitoring and evaluating systems (identification, tracking, "
                "provision mapping)",
            ),
        ],
    ),
    (
        "C",
        "Personal and professional qualities",
        [
            ("C1", "Championing an inclusive, person-centred ethos and culture"),
            ("C2", "Building relationships with pupils, families, colleagues and external agencies"),
            ("C3", "Communicating and influencing with confidence and sensitivity"),
            ("C4", "Reflecting critically on one's own practice and professional learning"),
            ("C5", "Acting ethically, including safeguarding and data protection for vulnerable pupils"),
        ],
    ),
]


def load_provisional(Framework, Part, Outcome):
    """Create "NASENCO 2014" version 1 unless it exists. Takes the model classes, so migrations can call it."""
    framework, created = Framework.objects.get_or_create(
        name="NASENCO 2014", version=1, defaults={"qualification": "NASENCO", "provisional": True}
    )
    if created:
        for part_order, (code, title, outcomes) in enumerate(PARTS):
            part = Part.objects.create(framework=framework, code=code, title=title, order=part_order)
            for order, (outcome_code, text) in enumerate(outcomes):
                Outcome.objects.create(framework=framework, part=part, code=outcome_code, text=text, order=order)
    return framework
