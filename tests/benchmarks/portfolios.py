"""A real portfolio for the document benchmarks: evidence items with files, made through the services."""

import datetime as dt


def portfolio_with(items: int, *, participant_email: str, cohort=None):
    """A portfolio with ``items`` evidence items, each with a small PDF and two accepted mappings."""

    from django.core.files.uploadedfile import SimpleUploadedFile

    from enrolment.models import Enrolment
    from nasenco.files.samples import SMALL_PDF
    from nasenco.files.uploads import check_evidence_upload
    from portfolio import services
    from portfolio.models import Outcome

    enrolment = Enrolment.objects.filter(participant__email=participant_email)
    enrolment = (enrolment.filter(cohort=cohort) if cohort else enrolment).first()
    portfolio = services.portfolio_for(enrolment)
    outcomes = list(Outcome.objects.filter(framework=portfolio.framework))
    tutor = enrolment.cohort.tutors.first()
    for n in range(items):
        upload = SimpleUploadedFile(f"item {n}.pdf", SMALL_PDF)
        evidence = services.evidence_save(
            portfolio=portfolio,
            evidence=None,
            fields={
                "title": f"Bench item {n}",
                "kind": "policy",
                "activity_date": dt.date(2024, 1, 1),
                "reflection": "What I did and what changed. " * 20,
                "pupils_not_identifiable": True,
            },
            files=[(upload, check_evidence_upload(upload, max_bytes=10_000_000))],
        )
        for outcome in (outcomes[n % len(outcomes)], outcomes[(n + 5) % len(outcomes)]):
            mapping = services.mapping_add(
                evidence=evidence, outcome=outcome, justification="x", by=enrolment.participant
            )
            if tutor:
                services.mapping_review(mapping=mapping, status="accepted", comment="", by=tutor)
    return portfolio
