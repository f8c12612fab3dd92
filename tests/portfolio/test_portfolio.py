"""Evidence, mapping and review, coverage arithmetic, locking and conflicts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nasenco.files.samples import SMALL_PDF
from portfolio import services
from portfolio.models import Evidence, Framework, Mapping, Outcome, Part
from portfolio.selectors import cohort_heatmap, coverage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(cast):
    return services.portfolio_for(cast.participant_a1.enrolments.get())


def outcome(code):
    return Outcome.objects.get(framework__name="NASENCO 2014", code=code)


def test_the_framework_is_loaded_as_versioned_data():
    framework = Framework.objects.get(name="NASENCO 2014", version=1)
    assert framework.provisional
    assert list(Part.objects.filter(framework=framework).values_list("code", flat=True)) == ["A", "B", "C"]
    assert framework.outcomes.count() == 14


def test_participant_adds_evidence_with_a_file(client, cast, portfolio):
    client.force_login(cast.participant_a1)
    response = client.post(
        reverse("portfolio:evidence-create"),
        {
            "title": "Provision map, spring term",
            "kind": "provision_map",
            "activity_date": "2024-03-12",
            "reflection": "Mapped support for Year 5.",
            "pupils_not_identifiable": "on",
            "files": [SimpleUploadedFile("../Provision map.pdf", SMALL_PDF)],
        },
    )
    evidence = Evidence.objects.get(title="Provision map, spring term")
    assert response["Location"] == reverse("portfolio:evidence", args=[evidence.pk])
    stored = evidence.files.get()
    assert (stored.name, stored.content_type) == ("Provision map.pdf", "application/pdf")
    download = client.get(reverse("portfolio:evidence-file", args=[evidence.pk, stored.pk]))
    assert b"".join(download.streaming_content) == SMALL_PDF
    assert download["Content-Disposition"].startswith("attachment")
    page = client.get(reverse("portfolio:evidence", args=[evidence.pk])).content.decode()
    assert f"{reverse('portfolio:evidence-file', args=[evidence.pk, stored.pk])}?view=1" in page
    preview = client.get(reverse("portfolio:evidence-file", args=[evidence.pk, stored.pk]), {"view": "1"})
    assert b"".join(preview.streaming_content) == SMALL_PDF
    assert preview["Content-Disposition"].startswith("inline") and preview["Content-Type"] == "application/pdf"
    assert preview["Content-Security-Policy"].startswith("sandbox") and preview["X-Content-Type-Options"] == "nosniff"


def test_a_rejected_file_keeps_the_form_and_stores_nothing(client, cast, portfolio, settings):
    client.force_login(cast.participant_a1)
    page = client.post(
        reverse("portfolio:evidence-create"),
        {
            "title": "Case study",
            "kind": "case_study",
            "activity_date": "2024-03-12",
            "reflection": "Notes.",
            "pupils_not_identifiable": "on",
            "files": [SimpleUploadedFile("case.docx", b"MZ not a document")],
        },
    ).content.decode()
    assert "case.docx: This file is not really a PDF, Word" in page
    assert 'value="Case study"' in page
    assert not Evidence.objects.exists()


def test_pupils_must_be_confirmed_unidentifiable(client, cast, portfolio):
    client.force_login(cast.participant_a1)
    page = client.post(
        reverse("portfolio:evidence-create"),
        {
            "title": "Case study",
            "kind": "case_study",
            "activity_date": "2024-03-12",
            "reflection": "Notes.",
        },
    ).content.decode()
    assert "Confirm that no pupil can be identified" in page
    assert not Evidence.objects.exists()


def test_mapping_review_and_coverage(cast, portfolio):
    evidence = factories.EvidenceFactory(portfolio=portfolio)
    before = coverage(portfolio)
    assert (before["met"], before["total"], before["percent"]) == (0, 14, 0)
    mapping = services.mapping_add(
        evidence=evidence, outcome=outcome("B3"), justification="Evaluated", by=cast.participant_a1
    )
    assert coverage(portfolio)["met"] == 0  # proposed is not met
    with pytest.raises(Exception, match="Say what more is needed"):
        services.mapping_review(mapping=mapping, status=Mapping.Status.MORE_NEEDED, comment=" ", by=cast.tutor_a1)
    services.mapping_review(mapping=mapping, status=Mapping.Status.ACCEPTED, comment="Clear.", by=cast.tutor_a1)
    after = coverage(portfolio)
    assert (after["met"], after["percent"]) == (1, 7)
    part_b = next(p for p in after["parts"] if p["part"].code == "B")
    assert (part_b["met"], part_b["total"], part_b["percent"]) == (1, 5, 20)
    assert [e.status for e in mapping.events.all()] == ["proposed", "accepted"]


def test_a_mapping_to_another_framework_version_is_refused(cast, portfolio):
    newer = Framework.objects.create(name="NASENCO 2014", version=2)
    part = Part.objects.create(framework=newer, code="B", title="Leading")
    foreign = Outcome.objects.create(framework=newer, part=part, code="B3", text="New wording")
    evidence = factories.EvidenceFactory(portfolio=portfolio)
    with pytest.raises(Exception, match="another version of the framework"):
        services.mapping_add(evidence=evidence, outcome=foreign, justification="x", by=cast.participant_a1)


def test_the_mapping_form_refuses_a_foreign_outcome_clearly(client, cast, portfolio):
    newer = Framework.objects.create(name="NASENCO 2014", version=2)
    foreign = Outcome.objects.create(
        framework=newer, part=Part.objects.create(framework=newer, code="A", title="A"), code="A1", text="x"
    )
    evidence = factories.EvidenceFactory(portfolio=portfolio)
    client.force_login(cast.participant_a1)
    page = client.post(
        reverse("portfolio:evidence", args=[evidence.pk]), {"outcome": foreign.pk, "justification": "x"}
    ).content.decode()
    assert "not part of your portfolio&#x27;s framework" in page
    assert not Mapping.objects.exists()


def test_a_submitted_portfolio_is_read_only_until_returned(client, cast, portfolio):
    evidence = factories.EvidenceFactory(portfolio=portfolio)
    assert services.portfolio_submit(portfolio=portfolio)
    with pytest.raises(services.PortfolioLocked):
        services.mapping_add(evidence=evidence, outcome=outcome("A1"), justification="x", by=cast.participant_a1)
    assert services.portfolio_return(portfolio=portfolio, by=None)
    services.mapping_add(evidence=evidence, outcome=outcome("A1"), justification="x", by=cast.participant_a1)


def test_two_tabs_editing_the_same_item_get_a_conflict(client, cast, portfolio):
    evidence = factories.EvidenceFactory(portfolio=portfolio)
    client.force_login(cast.participant_a1)
    url = reverse("portfolio:evidence-edit", args=[evidence.pk])
    data = {
        "title": "First tab",
        "kind": "policy",
        "activity_date": "2024-03-12",
        "reflection": "r",
        "pupils_not_identifiable": "on",
        "version": "1",
    }
    assert client.post(url, data).status_code == 302
    page = client.post(url, {**data, "title": "Second tab"}).content.decode()
    assert "This item was changed in another window" in page
    evidence.refresh_from_db()
    assert evidence.title == "First tab"


@pytest.mark.parametrize("participants", [1, 4])
def test_heatmap_query_count_does_not_grow(client, cast, participants, django_assert_num_queries):
    for _ in range(participants):
        enrolment = factories.EnrolmentFactory(cohort=cast.cohort_a1)
        evidence = factories.EvidenceFactory(portfolio=services.portfolio_for(enrolment))
        mapping = services.mapping_add(
            evidence=evidence, outcome=outcome("C4"), justification="x", by=enrolment.participant
        )
        services.mapping_review(mapping=mapping, status="accepted", comment="", by=cast.tutor_a1)
    client.force_login(cast.tutor_a1)
    with django_assert_num_queries(10):
        page = client.get(reverse("portfolio:cohort-coverage", args=[cast.cohort_a1.pk])).content.decode()
    assert page.count('class="heat-1"') == participants


def test_heatmap_counts_gaps(cast, portfolio):
    evidence = factories.EvidenceFactory(portfolio=portfolio)
    mapping = services.mapping_add(evidence=evidence, outcome=outcome("A1"), justification="x", by=cast.participant_a1)
    services.mapping_review(mapping=mapping, status="accepted", comment="", by=cast.tutor_a1)
    services.mapping_add(evidence=evidence, outcome=outcome("A2"), justification="y", by=cast.participant_a1)
    heat = cohort_heatmap(cast.cohort_a1, portfolio.framework_id)
    gaps = {g["outcome"].code: g["missing"] for g in heat["gaps"]}
    assert gaps["A1"] == 0 and gaps["A2"] == 1  # waiting for review is not yet evidence
    assert heat["rows"][0]["met"] == 1
    cells = {c["outcome"].code: c for c in heat["rows"][0]["cells"]}
    assert (cells["A1"]["count"], cells["A1"]["waiting"], cells["A2"]["count"], cells["A2"]["waiting"]) == (1, 0, 0, 1)


def test_the_upload_limit_is_a_setting(client, cast, portfolio, settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    client.force_login(cast.participant_a1)
    assert "up to 1 MB each" in client.get(reverse("portfolio:evidence-create")).content.decode()
    page = client.post(
        reverse("portfolio:evidence-create"),
        {
            "title": "Big",
            "kind": "policy",
            "activity_date": "2024-03-12",
            "reflection": "r",
            "pupils_not_identifiable": "on",
            "files": [SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"x" * (2 * 1024 * 1024) + b"%%EOF")],
        },
    ).content.decode()
    assert "the limit is 1 MB" in page
    assert not Evidence.objects.exists()


def test_a_place_given_opens_the_portfolio_and_reading_it_writes_nothing(client, cast):
    from enrolment.models import Enrolment
    from enrolment.services import enrolment_transition
    from portfolio.models import Portfolio

    enrolment = factories.awaiting_acceptance(cast.cohort_a1)
    assert not Portfolio.objects.filter(enrolment=enrolment).exists()
    enrolment_transition(enrolment=enrolment, to=Enrolment.Status.ACCEPTED, by=cast.admin_a)
    assert Portfolio.objects.filter(enrolment=enrolment).exists()

    client.force_login(enrolment.participant)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("portfolio:mine")).status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert [w for w in writes if "django_session" not in w] == []


def test_evidence_dated_after_today_is_refused_with_the_date_and_nothing_saved(client, cast, portfolio):
    import time_machine

    client.force_login(cast.participant_a1)
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)):
        response = client.post(
            reverse("portfolio:evidence-create"),
            {
                "title": "Provision map",
                "kind": "provision_map",
                "activity_date": "2026-03-12",
                "reflection": "Mapped support.",
                "pupils_not_identifiable": "on",
            },
        )
    assert response.status_code == 200  # the form again, with what to fix
    assert "is after today (1 March 2026)" in response.content.decode()
    assert not Evidence.objects.filter(title="Provision map").exists()
