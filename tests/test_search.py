"""One search box for staff: people, places and certificates, only within what the searcher may see; on
PostgreSQL the contains-match is answered from trigram indexes."""

import pytest
from django.db import connection
from django.urls import reverse

from enrolment.models import Enrolment
from search.selectors import search
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def sarah(cast):
    school = factories.SchoolFactory(name="Meadow Primary School", urn="123456")
    profile = factories.ProfileFactory(
        user__full_name="Sarah Ahmed", user__email="s.ahmed@meadow.example", trn="1234567", school=school
    )
    factories.EnrolmentFactory(cohort=cast.cohort_a1, participant=profile.user)
    return profile.user


@pytest.mark.parametrize("text", ["sarah", "AHMED", "s.ahmed@", "1234567", "Meadow Prim", "123456"])
def test_an_admin_finds_a_participant_by_any_of_their_details(client, cast, sarah, text):
    client.force_login(cast.admin_a)
    page = client.get(reverse("search:search"), {"q": text}).content.decode()
    assert "Sarah Ahmed" in page and reverse("enrolment:pipeline-detail", args=[sarah.enrolments.get().pk]) in page


def test_search_stays_within_what_the_searcher_may_see(client, cast, sarah):
    other = factories.ProfileFactory(user__full_name="Sarah Bell").user
    factories.EnrolmentFactory(cohort=cast.cohort_b1, participant=other)
    draft = factories.ProfileFactory(user__full_name="Sarah Draft").user
    factories.EnrolmentFactory(cohort=cast.cohort_a1, participant=draft, status=Enrolment.Status.DRAFT)
    names = lambda user: [p.participant.full_name for p in search(user, "sarah")["places"]]  # noqa: E731
    assert names(cast.admin_a) == ["Sarah Ahmed"]  # not provider B's, not a draft (the teacher's own)
    assert names(cast.admin_b) == ["Sarah Bell"]
    assert names(cast.tutor_a1) == ["Sarah Ahmed"]  # teaches A1
    cast.cohort_a1.tutors.remove(cast.tutor_a1)
    assert names(cast.tutor_a1) == []
    client.force_login(cast.participant_a1)
    assert client.get(reverse("search:search"), {"q": "sarah"}).status_code == 403


def test_certificates_by_number_and_short_or_empty_searches(client, cast, sarah):
    from assessment.models import Award

    Award.objects.create(
        enrolment=sarah.enrolments.get(), certificate_number="NASENCO-2026-AB12CD34", holder_name="Sarah Ahmed",
        scope="full", completed_on="2026-07-01",
    )  # fmt: skip
    client.force_login(cast.admin_a)
    page = client.get(reverse("search:search"), {"q": "ab12cd"}).content.decode()
    assert "NASENCO-2026-AB12CD34" in page and "1 July 2026" in page
    assert "Type at least two letters" in client.get(reverse("search:search"), {"q": "s"}).content.decode()
    assert "Nothing found for “zzz”" in client.get(reverse("search:search"), {"q": "zzz"}).content.decode()


@pytest.mark.parametrize("text", ["Zoe OBrien", "zoë o’brien", "OBRIEN", "st marks", "St. Mark's"])
def test_accents_apostrophes_and_punctuation_do_not_matter(cast, text):
    school = factories.SchoolFactory(name="St Mark's C of E Primary")
    profile = factories.ProfileFactory(user__full_name="Zoë O'Brien", school=school)
    factories.EnrolmentFactory(cohort=cast.cohort_a1, participant=profile.user)
    assert [p.participant.full_name for p in search(cast.admin_a, text)["places"]] == ["Zoë O'Brien"]


def test_a_renamed_person_is_found_by_their_new_name(cast):
    person = factories.ProfileFactory(user__full_name="Zoe Smith").user
    factories.EnrolmentFactory(cohort=cast.cohort_a1, participant=person)
    person.full_name = "Zoë Ó Briain"
    person.save(update_fields=["full_name"])
    assert [p.participant_id for p in search(cast.admin_a, "zoe o briain")["places"]] == [person.pk]
    assert search(cast.admin_a, "zoe smith")["places"] == []


@pytest.mark.parametrize(
    "text", ["NASENCO-2026-AB12CD34", "nasenco 2026 ab12cd34", "NASENCO‑2026‑AB12CD34", "2026AB12"]
)
def test_a_certificate_number_is_found_however_it_is_typed_or_pasted(cast, sarah, text):
    from assessment.models import Award

    Award.objects.create(
        enrolment=sarah.enrolments.get(), certificate_number="NASENCO-2026-AB12CD34", holder_name="Sarah Ahmed",
        scope="full", completed_on="2026-07-01",
    )  # fmt: skip
    assert [a.certificate_number for a in search(cast.admin_a, text)["certificates"]] == ["NASENCO-2026-AB12CD34"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="typo tolerance needs pg_trgm")
@pytest.mark.parametrize("text", ["Zoe OBrian", "zoe obrein", "zoe o brien", "Obrien Zoe"])
def test_on_postgresql_a_small_typo_still_finds_the_person_closest_first(cast, text):
    for name in ("Zoë O'Brien", "Zoe Bright", "Chloe Brown"):
        factories.EnrolmentFactory(
            cohort=cast.cohort_a1, participant=factories.ProfileFactory(user__full_name=name).user
        )
    found = [p.participant.full_name for p in search(cast.admin_a, text)["places"]]
    assert found and found[0] == "Zoë O'Brien"


@pytest.mark.parametrize("people", [2, 12])
def test_the_query_count_does_not_grow(client, cast, people, django_assert_num_queries):
    for n in range(people):
        factories.EnrolmentFactory(
            cohort=cast.cohort_a1, participant=factories.ProfileFactory(user__full_name=f"Sam {n}").user
        )
    client.force_login(cast.admin_a)
    with django_assert_num_queries(6):
        assert client.get(reverse("search:search"), {"q": "sam"}).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")
def test_on_postgresql_the_match_is_answered_from_the_trigram_index(cast):
    from django.contrib.auth import get_user_model
    from django.contrib.postgres.lookups import TrigramWordSimilar
    from django.db.models import F, Value

    users = get_user_model().objects.only("pk")
    for query, index in [
        (users.filter(full_name__icontains="ahme"), "search_trgm_accounts_user_full_name"),
        (users.filter(search_name__contains="ahme"), "search_trgm_accounts_user_search_name"),
        (users.filter(TrigramWordSimilar(F("search_name"), Value("ahmde"))), "search_trgm_accounts_user_search_name"),
    ]:
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert index in plan, plan
