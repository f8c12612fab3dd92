"""A provider's admin makes an API token for the university's records system, sees it once, uses it, and
revokes it; adds a webhook endpoint; and anyone reads the API's documentation. At phone and laptop widths."""

import re

import pytest
from playwright.sync_api import expect

from api.models import Token
from api.tokens import digest_of
from cohorts.models import Provider
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_makes_uses_and_revokes_a_token(page, demo):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone; the laptop width is checked at the end
    provider = Provider.objects.get(memberships__user__email="admin@eastern-partnership.example")
    sign_in(page, "admin@eastern-partnership.example")
    page.goto(f"/cohorts/settings/{provider.pk}/")
    page.get_by_role("link", name="API tokens and webhooks").click()
    expect(page.get_by_role("heading", name="API tokens and webhooks", level=1)).to_be_visible()
    expect(page.get_by_text("No tokens yet.")).to_be_visible()
    assert_accessible(page)  # the empty states say what to do next

    page.get_by_role("button", name="Make the token").click()  # nothing chosen: each field says what it needs
    expect(page.get_by_text("Choose at least one thing the token may do.")).to_be_visible()
    page.get_by_label("What uses it").fill("SITS nightly sync")
    page.get_by_label("Read released marks").check()
    page.get_by_label(re.compile("Read records")).check()
    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_text("it is shown only this once")).to_be_visible()
    text = page.get_by_label("Token", exact=True).input_value()
    kept = Token.objects.get(name="SITS nightly sync")
    assert text.startswith(f"nsp_{kept.prefix}_") and kept.digest == digest_of(text) != text  # only a digest
    assert_accessible(page)

    api = page.request.get("/api/v1/marks", headers={"Authorization": f"Bearer {text}"})
    assert api.status == 200 and "items" in api.json()
    page.goto(page.url.split("/tokens/")[0] + "/")
    row = page.get_by_role("row", name=re.compile("SITS nightly sync"))
    expect(row).to_contain_text("marks:read, records:read")
    expect(row).not_to_contain_text("Not yet")  # its last use, just now

    page.get_by_role("button", name="Revoke SITS nightly sync").click()
    expect(page.get_by_role("heading", name="Revoke the token “SITS nightly sync”?")).to_be_visible()
    assert_accessible(page)  # the confirmation before an irreversible step
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.get_by_text("The token “SITS nightly sync” is revoked.")).to_be_visible()
    assert page.request.get("/api/v1/marks", headers={"Authorization": f"Bearer {text}"}).status == 401

    page.get_by_label("Address").fill("not an address")
    page.get_by_label("Award confirmed").check()
    page.get_by_role("button", name="Add the endpoint").click()
    expect(page.get_by_text("Enter a valid URL.")).to_be_visible()
    page.get_by_label("Address").fill("http://127.0.0.1:9/hooks")
    page.get_by_role("button", name="Add the endpoint").click()
    expect(page.get_by_label("Signing secret")).to_have_value(re.compile("^whsec_"))
    expect(page.get_by_text("Nothing sent yet.")).to_be_visible()
    assert_accessible(page)
    # the long token, secret and addresses do not push the phone sideways
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page)


def test_the_documentation_is_readable_by_anyone(page, demo):
    page.goto("/api/v1/docs/")
    expect(page.get_by_role("heading", name="The records API, version 1")).to_be_visible()
    expect(page.get_by_role("heading").filter(has_text="/api/v1/marks").first).to_contain_text("GET")
    expect(page.get_by_text("Needs a token with the scope marks:read")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
