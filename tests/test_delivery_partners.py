"""The partner level of the tenant wall. Providers A and B of the cast become delivery partners of one NPQ
lead provider: the lead's admin reaches every URL of the access matrix exactly as A's own admin does (and
B's), while B's admin, a sibling partner, still gets 404 for every row of A's."""

import uuid

import pytest
from django.db import transaction
from django.urls import reverse

from cohorts import services
from cohorts.models import Membership, Provider
from cohorts.selectors import administered_provider_ids, get_cohort_for
from tests import factories
from tests.test_access_matrix import MATRIX

pytestmark = pytest.mark.django_db

# Rows where the lead's admin rightly differs from A's admin, and why.
LEAD_DIFFERS = {
    "files:status": 404,  # a file A's admin asked for is theirs alone, not their provider's
    "files:download": 404,
    "cohorts:provider-settings": 200,  # the lead's admin runs three providers: the list, not a redirect to one
    "assessment:my-work": 200,  # everyone's own queue
    # A is a delivery partner here: the DfE contract and records are the lead's, so A's DfE pages are no one's.
    **{name: 404 for name, _, _, _ in MATRIX if name.startswith("dfe:") and name not in ("dfe:start", "dfe:place")},
}
# B's admin, a sibling partner, is told on DfE's way in that the lead holds the contract (not sent to B's pages).
SIBLING_DIFFERS = {"dfe:start": 200}


@pytest.fixture
def lead(cast):
    lead = factories.ProviderFactory(name="Lead Provider")
    Provider.objects.filter(pk__in=[cast.provider_a.pk, cast.provider_b.pk]).update(lead_provider=lead)
    return factories.MembershipFactory(provider=lead, role=Membership.Role.ADMIN).user


@pytest.mark.parametrize(("name", "method", "kwargs", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_the_lead_reaches_what_a_partners_admin_does_and_a_sibling_nothing_more(
    client, cast, lead, name, method, kwargs, expected
):
    url = reverse(name, kwargs=kwargs(cast) if kwargs else None)
    wrong = []
    sibling = SIBLING_DIFFERS.get(name, expected["admin_b"])
    for user, want in ((lead, LEAD_DIFFERS.get(name, expected["admin_a"])), (cast.admin_b, sibling)):
        with transaction.atomic():
            client.force_login(user)
            response = getattr(client, method)(url)
            if response.streaming:
                b"".join(response.streaming_content)  # reading it to the end closes the file
            status = response.status_code
            if status != want:
                wrong.append(f"{user.email} {method.upper()} {url}: {status}, expected {want}")
            transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


def test_a_lead_adds_a_partner_whose_staff_see_only_its_own(client, cast, lead):
    client.force_login(lead)
    lead_provider = Provider.objects.get(name="Lead Provider")
    dfe_id = uuid.uuid4()
    client.post(
        reverse("cohorts:partner-add", args=[lead_provider.pk]),
        {"partner-name": "Northern SEND Hub", "partner-dfe_delivery_partner_id": str(dfe_id)},
    )
    hub = Provider.objects.get(name="Northern SEND Hub")
    assert (hub.lead_provider, hub.dfe_delivery_partner_id) == (lead_provider, dfe_id)
    assert hub.pk in administered_provider_ids(type(lead).objects.get(pk=lead.pk))
    response = client.post(
        reverse("cohorts:partner-add", args=[lead_provider.pk]), {"partner-name": "northern send hub"}, follow=True
    )
    assert "already uses the portal" in response.content.decode()
    # A partner has no partners of its own; a sibling partner's admin cannot add one to the lead.
    with pytest.raises(Exception, match="partners have no partners"):
        services.delivery_partner_create(lead=hub, name="Sub", by=lead)
    client.force_login(cast.admin_a)
    assert (
        client.post(reverse("cohorts:partner-add", args=[lead_provider.pk]), {"partner-name": "X"}).status_code == 404
    )
    # The hub's own admin sees the hub's cohorts only.
    hub_admin = factories.MembershipFactory(provider=hub, role=Membership.Role.ADMIN).user
    hub_cohort = factories.CohortFactory(programme__provider=hub, name="Hub 1")
    assert administered_provider_ids(hub_admin) == {hub.pk}
    client.force_login(hub_admin)
    page = client.get(reverse("cohorts:cohort-list")).content.decode()
    assert "Hub 1" in page and ">A1<" not in page and "Provider or delivery partner" not in page
    assert client.get(reverse("cohorts:cohort-detail", args=[cast.cohort_a1.pk])).status_code == 404
    assert get_cohort_for(hub_admin, hub_cohort.pk) == hub_cohort
    page = client.get(reverse("dfe:start")).content.decode()  # the contract is the lead's
    assert "Lead Provider, your lead provider, holds the DfE contract" in page


def test_the_leads_cohort_list_filters_by_partner(client, cast, lead):
    client.force_login(lead)
    page = client.get(reverse("cohorts:cohort-list")).content.decode()
    assert "Provider or delivery partner" in page
    assert all(name in page for name in (">A1<", ">A2<", ">B1<"))
    page = client.get(reverse("cohorts:cohort-list"), {"provider": cast.provider_b.pk}).content.decode()
    assert ">B1<" in page and ">A1<" not in page
    outsider = factories.ProviderFactory(name="Elsewhere")
    factories.CohortFactory(programme__provider=outsider, name="E1")
    page = client.get(reverse("cohorts:cohort-list"), {"provider": outsider.pk}).content.decode()
    assert ">E1<" not in page  # a provider the lead does not run is no filter: the list stays its own


@pytest.mark.parametrize(
    ("url", "a_shows", "b_shows"),
    [
        ("enrolment:pipeline", "participant_a1", "participant_b1"),
        ("cohorts:staff", "tutor_a1", "admin_b"),
    ],
)
def test_every_list_of_the_lead_filters_by_partner(client, cast, lead, url, a_shows, b_shows):
    factories.EnrolmentFactory(cohort=cast.cohort_b1, participant__full_name="Bea from B")
    people = {
        "participant_a1": cast.participant_a1.full_name,
        "participant_b1": "Bea from B",
        "tutor_a1": cast.tutor_a1.full_name,
        "admin_b": cast.admin_b.full_name,
    }
    client.force_login(lead)
    everything = client.get(reverse(url)).content.decode()
    assert "Provider or delivery partner" in everything
    assert people[a_shows] in everything and people[b_shows] in everything
    only_a = client.get(reverse(url), {"provider": cast.provider_a.pk}).content.decode()
    assert people[a_shows] in only_a and people[b_shows] not in only_a
    client.force_login(cast.admin_a)  # a partner's own admin has nothing to choose between
    assert "Provider or delivery partner" not in client.get(reverse(url)).content.decode()


def test_the_leads_outbox_and_at_risk_lists_filter_by_partner(client, cast, lead):
    import datetime as dt

    from nasenco.mail.models import OutboxEmail
    from reminders.models import Reminder

    for provider, to in ((cast.provider_a, "ann@a.example"), (cast.provider_b, "bea@b.example")):
        email = OutboxEmail.objects.create(to=to, subject="s", body_text="b", status="sent", key=to)
        Reminder.objects.create(
            key=to, rule="due_date", milestone="3d", provider=provider, to=to, subject="Due soon", body="b",
            email=email, run=uuid.uuid4(), sweep_date=dt.date(2026, 1, 1),
        )  # fmt: skip
    client.force_login(lead)
    everything = client.get(reverse("reminders:outbox")).content.decode()
    assert "ann@a.example" in everything and "bea@b.example" in everything
    only_b = client.get(reverse("reminders:outbox"), {"provider": cast.provider_b.pk}).content.decode()
    assert "bea@b.example" in only_b and "ann@a.example" not in only_b
    assert f'<option value="{cast.provider_b.pk}" selected>' in only_b
    page = client.get(reverse("enrolment:at-risk"), {"provider": cast.provider_b.pk}).content.decode()
    assert f'<option value="{cast.provider_b.pk}" selected>' in page
