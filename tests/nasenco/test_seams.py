"""Seams between the layers fail loudly when nothing above answers them, never silently empty."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from cohorts import roster
from nasenco import navigation


def test_a_link_nobody_provides_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="No app provides the link 'nowhere'"):
        navigation.link("nowhere")


def test_links_provided_by_the_apps_above_resolve():
    assert navigation.link("verify_certificate") == "/assessment/verify/"
    assert navigation.link("after_sign_up") == "/apply/"


def test_the_roster_without_its_provider_is_a_configuration_error(monkeypatch):
    monkeypatch.setattr(roster, "_participants", None)
    with pytest.raises(ImproperlyConfigured, match="enrolment app"):
        roster.participants_of(1)
    monkeypatch.setattr(roster, "_changed", None)
    with pytest.raises(ImproperlyConfigured):
        roster.cohorts_changed(1)
