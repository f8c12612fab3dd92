"""Every URL × every role → expected status. Adding a URL without a row here fails the suite.

The cast (tests/conftest.py): admin of provider A, tutor of cohort A1, participants in A1 and A2, admin of
provider B. Objects of both providers exist, so a missing tenant filter shows up as a 200 where 404 belongs.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from nasenco.files.models import StoredFile
from tests.access_objects import (
    _adjustment_of_a1,
    _appeal_of_a1,
    _award_of_a1,
    _booklet_entry_of_a1,
    _booklet_item_of_a,
    _case_study_of_a,
    _catch_up_of_a1,
    _completion_import_of_a1,
    _component_of_a,
    _curriculum_of_a,
    _day_of_a1,
    _declaration_link_of_a1,
    _delivery_of_a,
    _dfe_application_of_a,
    _dfe_declaration_of_a,
    _dfe_place_of_a1,
    _endpoint_of_a,
    _enrolment_of_a1,
    _evidence_of_a1,
    _examiner_report_on_a1,
    _extension_of_a1,
    _failed_reminder_of_a,
    _feed_of_participant_a1,
    _feedback_of_a1,
    _file_owned_by_admin_a,
    _head_link_of_a1,
    _import_of_a1,
    _ink_signed_booklet_of_a1,
    _invitation_of_a,
    _join_link_of_a,
    _logo_of_a,
    _mark_import_of_a1,
    _mentor_link_for_a2,
    _mentorship_of_a1,
    _message_to_a1,
    _portfolio_of_a1,
    _provider_a,
    _sampled_work_of_a1,
    _scan_of_a1,
    _sent_message_with_attachment_to_a1,
    _submission_of_a1,
    _token_of_a,
    _tutor_membership_of_a,
    _unsubscribe_link_of_a1,
    _venue_of_a,
)

ROLES = [
    "anonymous",
    "participant_a1",
    "participant_a2",
    "tutor_a1",
    "admin_a",
    "admin_b",
    "examiner_a1",
    "mentor_a1",
]
# The external examiner of A1 and participant_a1's school-based mentor are no participants and no admins or
# tutors: everywhere but their own pages they are treated as the signed-in outsider participant_a2 is,
# unless a row says otherwise.
OUTSIDERS = ("examiner_a1", "mentor_a1")
OUTSIDER_AS = "participant_a2"
LOGIN = 302  # anonymous visitors are sent to sign in


def _everyone(status):
    return dict.fromkeys([r for r in ROLES if r not in OUTSIDERS], status)


def _signed_in(status, anonymous=LOGIN):
    return {**_everyone(status), "anonymous": anonymous}


STAFF_ONLY = {"participant_a1": 403, "participant_a2": 403}
OWN_A1 = {**_signed_in(404), "participant_a1": 200, "tutor_a1": 200, "admin_a": 200}
ADMINS_ONLY = {**_signed_in(200), **STAFF_ONLY, "tutor_a1": 403}
A1_READ = {**_signed_in(404), "tutor_a1": 200, "admin_a": 200}
NOT_PARTICIPANTS = {
    "tutor_a1": 403,
    "admin_a": 403,
    "admin_b": 403,
    "examiner_a1": 403,
    "mentor_a1": 403,
}  # a participant's own pages
A1_WRITE = {**_signed_in(404), "tutor_a1": 403, "admin_a": 200}


# (url name, method, kwargs from the cast, {role: status})
MATRIX = [
    ("dashboard", "get", None, _signed_in(200)),
    ("healthz", "get", None, _everyone(200)),
    ("accounts:login", "get", None, {**_everyone(302), "anonymous": 200}),
    ("accounts:logout", "post", None, _everyone(302)),
    ("accounts:password-change", "get", None, _signed_in(200)),
    ("accounts:password-change-done", "get", None, _signed_in(200)),
    ("accounts:password-reset", "get", None, _everyone(200)),
    ("accounts:password-reset-sent", "get", None, _everyone(200)),
    (
        "accounts:password-reset-confirm",
        "get",
        lambda c: {"uidb64": "MQ", "token": "set-password"},
        _everyone(200),
    ),
    ("accounts:password-reset-complete", "get", None, _everyone(200)),
    (
        "files:status",
        "get",
        lambda c: _file_owned_by_admin_a(c, ready=False),
        {**_signed_in(404), "admin_a": 200},
    ),
    (
        "files:download",
        "get",
        lambda c: _file_owned_by_admin_a(c, ready=True),
        {**_signed_in(404), "admin_a": 200},
    ),
    ("cohorts:cohort-list", "get", None, {**_signed_in(200), **STAFF_ONLY}),
    ("cohorts:cohort-create", "get", None, ADMINS_ONLY),
    ("cohorts:cohort-detail", "get", lambda c: {"pk": c.cohort_a1.pk}, A1_READ),
    ("cohorts:cohort-edit", "get", lambda c: {"pk": c.cohort_a1.pk}, A1_WRITE),
    ("cohorts:cohort-duplicate", "post", lambda c: {"pk": c.cohort_a1.pk}, {**A1_WRITE, "admin_a": 302}),
    ("cohorts:cohort-status", "post", lambda c: {"pk": c.cohort_a1.pk}, {**A1_WRITE, "admin_a": 302}),
    ("cohorts:cohort-calendar", "get", lambda c: {"pk": c.cohort_a1.pk}, A1_READ),
    ("cohorts:register", "get", _day_of_a1, A1_READ),
    ("cohorts:catch-up", "get", lambda c: {"pk": c.cohort_a1.pk}, A1_WRITE),
    ("cohorts:catch-up-cancel", "post", _catch_up_of_a1, {**A1_WRITE, "admin_a": 302}),
    ("cohorts:venue-list", "get", None, ADMINS_ONLY),
    ("cohorts:activity", "get", None, ADMINS_ONLY),
    ("cohorts:staff", "get", None, ADMINS_ONLY),
    ("search:search", "get", None, {**_signed_in(200), **STAFF_ONLY}),
    ("reminders:cohort-messages", "get", lambda c: {"cohort_pk": c.cohort_a1.pk}, A1_READ),
    ("reminders:message", "get", _message_to_a1, A1_READ),
    ("reminders:message-send", "post", _message_to_a1, {**_signed_in(404), "tutor_a1": 302, "admin_a": 302}),
    ("reminders:message-discard", "post", _message_to_a1, {**_signed_in(404), "tutor_a1": 302, "admin_a": 302}),
    (
        "reminders:message-attachment",
        "get",
        _sent_message_with_attachment_to_a1,
        {**_signed_in(404), "participant_a1": 200, "tutor_a1": 200, "admin_a": 200},
    ),
    ("cohorts:provider-settings", "get", None, {**ADMINS_ONLY, "admin_a": 302, "admin_b": 302}),  # to their one
    ("cohorts:provider-edit", "get", lambda c: {"pk": c.provider_a.pk}, {**_signed_in(404), "admin_a": 200}),
    ("cohorts:provider-logo", "get", _logo_of_a, {**_signed_in(404), "admin_a": 200}),
    ("cohorts:partner-add", "post", lambda c: {"pk": c.provider_a.pk}, {**_signed_in(404), "admin_a": 302}),
    (
        "enrolment:declaration-clauses",
        "get",
        lambda c: {"provider_pk": c.provider_a.pk},
        {**_signed_in(404), "admin_a": 200},
    ),
    # Curriculum: a provider's own admins set it up; a cohort's staff see its coverage and engagement (and its
    # external examiner the coverage: what an inspector asks to see); a participant their own self-study.
    ("curriculum:home", "get", None, ADMINS_ONLY),
    ("curriculum:load", "post", _provider_a, {**_signed_in(404), "admin_a": 302}),
    (
        "curriculum:framework",
        "get",
        lambda c: {"pk": _curriculum_of_a(c).framework.pk},
        {**_signed_in(404), "admin_a": 200},
    ),
    (
        "curriculum:new-version",
        "post",
        lambda c: {"pk": _curriculum_of_a(c).framework.pk},
        {**_signed_in(404), "admin_a": 302},
    ),
    (
        "curriculum:area-add",
        "post",
        lambda c: {"pk": _curriculum_of_a(c).framework.pk},
        {**_signed_in(404), "admin_a": 302},
    ),
    (
        "curriculum:statement-add",
        "get",
        lambda c: {"pk": (k := _curriculum_of_a(c)).framework.pk, "area_pk": k.area.pk, "kind": "that"},
        {**_signed_in(404), "admin_a": 200},
    ),
    (
        "curriculum:statement",
        "get",
        lambda c: {
            "pk": (k := _curriculum_of_a(c)).framework.pk,
            "area_pk": k.area.pk,
            "kind": k.statement.kind,
            "statement_pk": k.statement.pk,
        },
        {**_signed_in(404), "admin_a": 200},
    ),
    (
        "curriculum:plan",
        "get",
        lambda c: {"programme_pk": c.cohort_a1.programme_id},
        {**_signed_in(404), "admin_a": 200},
    ),
    (
        "curriculum:session",
        "get",
        lambda c: {"programme_pk": _curriculum_of_a(c).plan.programme_id, "number": 1},
        {**_signed_in(404), "admin_a": 200},
    ),
    (
        "curriculum:unit-add",
        "get",
        lambda c: {"programme_pk": _curriculum_of_a(c).plan.programme_id},
        {**_signed_in(404), "admin_a": 200},
    ),
    (
        "curriculum:unit",
        "get",
        lambda c: {"programme_pk": (k := _curriculum_of_a(c)).plan.programme_id, "unit_pk": k.unit.pk},
        {**_signed_in(404), "admin_a": 200},
    ),
    (
        "curriculum:coverage",
        "get",
        lambda c: {"cohort_pk": (_curriculum_of_a(c), c.cohort_a1.pk)[1]},
        {**A1_READ, "examiner_a1": 200},
    ),
    ("curriculum:engagement", "get", lambda c: {"cohort_pk": (_curriculum_of_a(c), c.cohort_a1.pk)[1]}, A1_READ),
    ("curriculum:import", "get", _completion_import_of_a1, A1_READ),
    (
        "curriculum:mine",
        "get",
        None,
        {**_signed_in(404), "participant_a1": 200, "participant_a2": 200, "examiner_a1": 404, "mentor_a1": 404},
    ),
    (
        "curriculum:mark",
        "post",
        lambda c: {"unit_pk": _curriculum_of_a(c).unit.pk},
        {**_signed_in(404), "participant_a1": 302, "participant_a2": 302, "examiner_a1": 404, "mentor_a1": 404},
    ),
    # DfE's Lead Provider API: a lead provider's own admins only; everyone else 404 (the provider is hidden).
    ("dfe:start", "get", None, {**_signed_in(404), "admin_a": 302, "admin_b": 302}),  # to their own provider's
    ("dfe:home", "get", _provider_a, {**_signed_in(404), "admin_a": 200}),
    ("dfe:place", "get", _dfe_place_of_a1, {**_signed_in(404), "admin_a": 302}),
    ("dfe:connection", "get", _provider_a, {**_signed_in(404), "admin_a": 200}),
    ("dfe:connection", "post", _provider_a, {**_signed_in(404), "admin_a": 200}),  # empty: the form with errors
    ("dfe:check", "post", _provider_a, {**_signed_in(404), "admin_a": 302}),
    ("dfe:sync", "post", _provider_a, {**_signed_in(404), "admin_a": 302}),
    ("dfe:decide", "post", _provider_a, {**_signed_in(404), "admin_a": 302}),  # nothing ticked: back, with why
    ("dfe:application", "get", _dfe_application_of_a, {**_signed_in(404), "admin_a": 200}),
    ("dfe:training", "post", _dfe_application_of_a, {**_signed_in(404), "admin_a": 302}),
    ("dfe:ask-head", "post", _dfe_application_of_a, {**_signed_in(404), "admin_a": 302}),
    ("dfe:due", "get", _provider_a, {**_signed_in(404), "admin_a": 200}),
    ("dfe:declare", "post", _provider_a, {**_signed_in(404), "admin_a": 302}),
    ("dfe:void", "post", _dfe_declaration_of_a, {**_signed_in(404), "admin_a": 200}),  # the confirmation first
    ("dfe:statements", "get", _provider_a, {**_signed_in(404), "admin_a": 200}),
    ("cohorts:staff-invite", "post", None, ADMINS_ONLY),  # an empty form: the page again, with what to fix
    ("cohorts:invitation-resend", "post", _invitation_of_a, {**_signed_in(404), "admin_a": 302}),
    ("cohorts:invitation-cancel", "post", _invitation_of_a, {**_signed_in(404), "admin_a": 302}),
    ("cohorts:staff-role", "post", _tutor_membership_of_a, {**_signed_in(404), "admin_a": 302}),
    ("cohorts:staff-remove", "post", _tutor_membership_of_a, {**_signed_in(404), "admin_a": 302}),
    # The invitation link needs no account: the signed token is the key; joining needs the invited address.
    ("cohorts:join", "get", _join_link_of_a, _everyone(200)),
    ("cohorts:venue-create", "get", None, ADMINS_ONLY),
    (
        "cohorts:venue-edit",
        "get",
        _venue_of_a,
        {**_signed_in(404), **STAFF_ONLY, "tutor_a1": 403, "admin_a": 200},
    ),
    ("cohorts:programme-list", "get", None, ADMINS_ONLY),
    ("cohorts:programme-create", "get", None, ADMINS_ONLY),
    (
        "cohorts:programme-edit",
        "get",
        lambda c: {"pk": c.cohort_a1.programme_id},
        {**_signed_in(404), **STAFF_ONLY, "tutor_a1": 403, "admin_a": 200},
    ),
    ("cohorts:my-calendar", "get", None, _signed_in(200)),
    ("reminders:unsubscribe", "get", _unsubscribe_link_of_a1, _everyone(200)),  # the signed link is the key
    ("cohorts:my-calendar-renew", "post", None, _signed_in(302)),
    ("cohorts:calendar-feed", "get", _feed_of_participant_a1, _everyone(200)),  # the address is the key
    (
        "cohorts:cohort-timetable-pdf",
        "post",
        lambda c: {"pk": c.cohort_a1.pk},
        {**_signed_in(404), "tutor_a1": 302, "admin_a": 302},
    ),
    ("enrolment:my-programme", "get", None, _signed_in(200)),
    ("enrolment:eligibility", "get", None, _everyone(200)),
    ("portfolio:mine", "get", None, _signed_in(200)),
    ("portfolio:submit", "post", None, {**_signed_in(302), **NOT_PARTICIPANTS}),
    ("portfolio:evidence-create", "get", None, {**_signed_in(200), **NOT_PARTICIPANTS}),
    ("portfolio:evidence", "get", _evidence_of_a1, OWN_A1),
    (
        "portfolio:evidence-edit",
        "get",
        _evidence_of_a1,
        {**_signed_in(404), "participant_a1": 200, "tutor_a1": 403, "admin_a": 403},
    ),
    ("portfolio:evidence-file", "get", lambda c: _evidence_of_a1(c, file=True), OWN_A1),
    (
        "portfolio:mapping-review",
        "post",
        lambda c: _evidence_of_a1(c, mapping=True),
        {**_signed_in(404), "participant_a1": 403, "tutor_a1": 302, "admin_a": 302},
    ),
    ("portfolio:portfolio", "get", _portfolio_of_a1, OWN_A1),
    (
        "portfolio:return",
        "post",
        _portfolio_of_a1,
        {**_signed_in(404), "participant_a1": 403, "tutor_a1": 302, "admin_a": 302},
    ),
    (
        "portfolio:export",
        "post",
        lambda c: {**_portfolio_of_a1(c), "kind": "pdf"},
        {**_signed_in(404), "participant_a1": 302, "tutor_a1": 302, "admin_a": 302},
    ),
    ("portfolio:journal", "get", None, {**_signed_in(200), **NOT_PARTICIPANTS}),
    ("portfolio:portfolio-journal", "get", _portfolio_of_a1, OWN_A1),
    ("portfolio:self-evaluation", "get", None, {**_signed_in(200), **NOT_PARTICIPANTS}),
    ("portfolio:portfolio-self-evaluation", "get", _portfolio_of_a1, OWN_A1),
    ("portfolio:cohort-coverage", "get", lambda c: {"cohort_pk": c.cohort_a1.pk}, A1_READ),
    (
        "assessment:due-date",
        "post",
        lambda c: {"cohort_pk": c.cohort_a1.pk, "component_pk": _component_of_a(c).pk},
        {**A1_WRITE, "admin_a": 302},
    ),
    ("assessment:cohort-scheme", "get", lambda c: {"cohort_pk": c.cohort_a1.pk}, A1_READ),
    (
        "assessment:due-dates-proposed",
        "post",
        lambda c: {"cohort_pk": c.cohort_a1.pk},
        {**A1_WRITE, "admin_a": 302},
    ),
    (
        "assessment:marks-upload",
        "get",
        lambda c: {"cohort_pk": c.cohort_a1.pk, "component_pk": _component_of_a(c).pk},
        A1_WRITE,
    ),
    ("assessment:marks-import", "get", _mark_import_of_a1, {**_signed_in(404), "admin_a": 200}),
    ("assessment:marks-apply", "post", _mark_import_of_a1, {**_signed_in(404), "admin_a": 302}),
    (
        "assessment:component-settings",
        "get",
        lambda c: {"cohort_pk": c.cohort_a1.pk, "component_pk": _component_of_a(c).pk},
        A1_WRITE,
    ),
    ("assessment:mine", "get", None, _signed_in(200)),
    # The external examiner of A1: read-only pages of their own; the cohort's admins read and answer reports.
    ("assessment:examiner", "get", None, {**_signed_in(403), "examiner_a1": 200}),
    (
        "assessment:examiner-cohort",
        "get",
        lambda c: {"cohort_pk": c.cohort_a1.pk},
        {**_signed_in(403), "examiner_a1": 200},
    ),
    ("assessment:examiner-work", "get", _sampled_work_of_a1, {**_signed_in(403), "examiner_a1": 200}),
    ("assessment:examiner-portfolio", "get", _sampled_work_of_a1, {**_signed_in(403), "examiner_a1": 200}),
    (
        "assessment:examiner-report-file",
        "get",
        _examiner_report_on_a1,
        {**_signed_in(404), "tutor_a1": 403, "admin_a": 200, "examiner_a1": 200},
    ),
    (
        "assessment:examiner-reports",
        "get",
        lambda c: {"cohort_pk": c.cohort_a1.pk},
        {**_signed_in(404), "tutor_a1": 403, "admin_a": 200, "examiner_a1": 404},
    ),
    (
        "assessment:examiner-report-answer",
        "post",
        _examiner_report_on_a1,
        {**_signed_in(404), "tutor_a1": 403, "admin_a": 302, "examiner_a1": 404},
    ),
    (
        "assessment:submit",
        "get",
        lambda c: {"component_pk": _component_of_a(c).pk},
        {**_signed_in(200), **NOT_PARTICIPANTS},
    ),
    (
        "assessment:word-count",
        "post",
        lambda c: {"component_pk": _component_of_a(c).pk},
        {**_signed_in(400), **NOT_PARTICIPANTS},  # 400: the matrix sends no file to count
    ),
    (
        "assessment:extension",
        "get",
        lambda c: {"component_pk": _component_of_a(c).pk},
        {**_signed_in(200), **NOT_PARTICIPANTS},
    ),
    ("assessment:submission-file", "get", _submission_of_a1, OWN_A1),
    (
        "assessment:autosave",
        "post",
        _submission_of_a1,
        {**_signed_in(404), "participant_a1": 403, "tutor_a1": 200, "admin_a": 403},
    ),
    (
        "assessment:allocate-one",
        "post",
        _submission_of_a1,
        {**_signed_in(404), "participant_a1": 404, "tutor_a1": 403, "admin_a": 302},
    ),
    ("assessment:feedback-file", "get", _feedback_of_a1, {**OWN_A1, "participant_a1": 404}),
    (
        "assessment:mark",
        "get",
        _submission_of_a1,
        {**_signed_in(404), "participant_a1": 403, "tutor_a1": 200, "admin_a": 403},
    ),
    (
        "assessment:moderate",
        "get",
        _submission_of_a1,
        {**_signed_in(404), "participant_a1": 403, "tutor_a1": 403, "admin_a": 200},
    ),
    # Wide or irreversible actions answer an empty POST with a confirmation page (who, what they are told).
    (
        "assessment:sample",
        "post",
        lambda c: {"cohort_pk": c.cohort_a1.pk, "component_pk": _component_of_a(c).pk},
        {**A1_WRITE, "admin_a": 200},
    ),
    ("assessment:queue", "get", lambda c: {"cohort_pk": c.cohort_a1.pk}, A1_READ),
    ("assessment:allocate", "post", lambda c: {"cohort_pk": c.cohort_a1.pk}, {**A1_WRITE, "admin_a": 302}),
    (
        "assessment:release",
        "post",
        lambda c: {"cohort_pk": c.cohort_a1.pk, "component_pk": _component_of_a(c).pk},
        {**A1_WRITE, "admin_a": 200},
    ),
    ("assessment:extension-decide", "post", _extension_of_a1, {**A1_WRITE, "admin_a": 302}),
    # The case study: the participant asks for adjustments and appeals their own result; the cohort's staff see
    # windows, requests and appeals; admins set windows and decide requests; an appeal is decided by staff of
    # the cohort who did not mark the work (the service refuses the marker with a message: 200 here).
    (
        "assessment:adjustment",
        "get",
        lambda c: {"component_pk": _case_study_of_a(c).pk},
        {**_signed_in(200), **NOT_PARTICIPANTS},
    ),
    (
        "assessment:appeal",
        "get",
        lambda c: {"pk": _appeal_of_a1(c)["submission"]},
        {**_signed_in(404), "participant_a1": 200, "tutor_a1": 302, "admin_a": 302},
    ),
    (
        "assessment:case-study",
        "get",
        lambda c: {"cohort_pk": c.cohort_a1.pk, "component_pk": _case_study_of_a(c).pk},
        A1_READ,
    ),
    ("assessment:adjustment-decide", "post", _adjustment_of_a1, {**A1_WRITE, "admin_a": 302}),
    (
        "assessment:appeal-decide",
        "get",
        lambda c: {k: v for k, v in _appeal_of_a1(c).items() if k != "submission"},
        A1_READ,
    ),
    ("assessment:awards", "get", lambda c: {"cohort_pk": c.cohort_a1.pk}, A1_WRITE),
    (
        "assessment:award-confirm",
        "post",
        lambda c: {"cohort_pk": c.cohort_a1.pk, "enrolment_pk": c.participant_a1.enrolments.get().pk},
        {**A1_WRITE, "admin_a": 302},
    ),
    ("assessment:exam-board-csv", "get", lambda c: {"cohort_pk": c.cohort_a1.pk}, A1_WRITE),
    ("assessment:exam-board-pdf", "post", lambda c: {"cohort_pk": c.cohort_a1.pk}, {**A1_WRITE, "admin_a": 302}),
    ("assessment:certificate", "get", _award_of_a1, OWN_A1),
    ("assessment:transcript", "get", _award_of_a1, OWN_A1),
    ("assessment:verify", "get", None, _everyone(200)),
    ("accounts:sign-up", "get", None, {**_everyone(302), "anonymous": 200}),
    ("accounts:two-factor-setup", "get", None, _signed_in(200)),
    ("accounts:two-factor-verify", "get", None, _signed_in(200)),
    ("accounts:two-factor-remove", "post", None, _signed_in(302)),
    ("enrolment:apply", "get", None, _signed_in(200)),
    # A1 is running, not open: only someone who already has a place there can reach its application page.
    (
        "enrolment:application",
        "get",
        lambda c: {"cohort_pk": c.cohort_a1.pk},
        {**_signed_in(404), "participant_a1": 200},
    ),
    ("enrolment:pipeline", "get", None, ADMINS_ONLY),
    ("enrolment:pipeline-bulk", "post", None, {**ADMINS_ONLY, "admin_a": 302, "admin_b": 302}),
    ("enrolment:at-risk", "get", None, ADMINS_ONLY),
    ("enrolment:pipeline-detail", "get", _enrolment_of_a1, {**_signed_in(404), "admin_a": 200}),
    # Each action on an application is its own POST; an empty form comes back with its errors (400).
    ("enrolment:pipeline-transition", "post", _enrolment_of_a1, {**_signed_in(404), "admin_a": 400}),
    ("enrolment:pipeline-transfer", "post", _enrolment_of_a1, {**_signed_in(404), "admin_a": 400}),
    ("enrolment:declaration-verify", "post", _scan_of_a1, {**_signed_in(404), "admin_a": 302}),
    ("enrolment:declaration-reject", "post", _scan_of_a1, {**_signed_in(404), "admin_a": 400}),
    ("enrolment:declaration-resend", "post", _scan_of_a1, {**_signed_in(404), "admin_a": 302}),
    ("enrolment:declaration-scan", "get", _scan_of_a1, {**_signed_in(404), "admin_a": 200}),
    (
        "enrolment:import",
        "get",
        lambda c: {"cohort_pk": c.cohort_a1.pk},
        {**_signed_in(404), **STAFF_ONLY, "tutor_a1": 403, "admin_a": 200},
    ),
    (
        "enrolment:import-preview",
        "get",
        _import_of_a1,
        {**_signed_in(404), **STAFF_ONLY, "tutor_a1": 403, "admin_a": 200},
    ),
    (
        "enrolment:import-confirm",
        "post",
        _import_of_a1,
        {**_signed_in(404), **STAFF_ONLY, "tutor_a1": 403, "admin_a": 302},
    ),
    ("enrolment:cohort-csv", "get", lambda c: {"cohort_pk": c.cohort_a1.pk}, {**_signed_in(404), "admin_a": 200}),
    # The headteacher's link needs no account: the signed token is the key, and it opens one application.
    ("enrolment:declaration", "get", _declaration_link_of_a1, _everyone(200)),
    ("enrolment:declaration-pdf", "get", _declaration_link_of_a1, _everyone(200)),
    ("admin:index", "get", None, _everyone(302)),
    ("privacy:my-data", "get", None, _signed_in(200)),
    ("privacy:my-data-export", "post", None, _signed_in(302)),
    ("privacy:my-erasure-request", "post", None, _signed_in(302)),  # sent, or why not: back to the page
    ("privacy:participant", "get", _enrolment_of_a1, {**_signed_in(404), "admin_a": 200}),
    ("privacy:participant-export", "post", _enrolment_of_a1, {**_signed_in(404), "admin_a": 302}),
    (
        "privacy:participant-erase",
        "post",
        _enrolment_of_a1,
        {**_signed_in(404), "admin_a": 302},
    ),  # none of the cast is a platform operator
    ("reminders:outbox", "get", None, ADMINS_ONLY),
    ("reminders:retry", "post", _failed_reminder_of_a, {**ADMINS_ONLY, "admin_a": 302, "admin_b": 404}),
    ("reminders:preferences", "get", None, _signed_in(200)),
    ("reminders:notifications", "get", None, _signed_in(200)),
    ("reminders:notifications-read", "post", None, _signed_in(302)),
    ("reminders:templates", "get", lambda c: {"provider_pk": c.provider_a.pk}, {**ADMINS_ONLY, "admin_b": 404}),
    (
        "reminders:template-edit",
        "get",
        lambda c: {"provider_pk": c.provider_a.pk, "rule": "statutory_deadline"},
        {**ADMINS_ONLY, "admin_b": 404},
    ),
    # Schools: the participant's booklet and mentor; the mentor's pages; the admin's; the head's signed link.
    ("schools:my-booklet", "get", None, _signed_in(200)),
    (
        "schools:entry",
        "get",
        lambda c: {"item_pk": _booklet_item_of_a(c)["pk"]},
        {**_signed_in(302), "participant_a1": 200, "participant_a2": 200, "examiner_a1": 302, "mentor_a1": 302},
    ),
    (
        "schools:my-mentor",
        "get",
        None,
        {**_signed_in(302), "participant_a1": 200, "participant_a2": 200, "examiner_a1": 302, "mentor_a1": 302},
    ),
    (
        "schools:mentorship-resend",
        "post",
        _mentorship_of_a1,
        {**_signed_in(404), "participant_a1": 302, "tutor_a1": 403, "admin_a": 302, "mentor_a1": 403},
    ),
    (
        "schools:mentorship-end",
        "post",
        _mentorship_of_a1,
        {**_signed_in(404), "participant_a1": 200, "tutor_a1": 403, "admin_a": 200, "mentor_a1": 403},
    ),
    ("schools:mentor-join", "get", _mentor_link_for_a2, _everyone(200)),  # the signed token is the key
    ("schools:mentees", "get", None, _signed_in(200)),
    ("schools:place", "get", _enrolment_of_a1, {**OWN_A1, "mentor_a1": 200}),
    (
        "schools:booklet-pdf",
        "post",
        _enrolment_of_a1,
        {**_signed_in(404), "participant_a1": 302, "tutor_a1": 302, "admin_a": 302, "mentor_a1": 302},
    ),
    ("schools:signoff-file", "get", _ink_signed_booklet_of_a1, {**OWN_A1, "mentor_a1": 200}),
    (
        "schools:note-add",
        "post",
        _enrolment_of_a1,
        {**_signed_in(404), "participant_a1": 403, "tutor_a1": 403, "admin_a": 403, "mentor_a1": 400},
    ),
    ("schools:entry-confirm", "post", _booklet_entry_of_a1, {**_signed_in(404), "mentor_a1": 302}),
    ("schools:entry-more", "post", _booklet_entry_of_a1, {**_signed_in(404), "mentor_a1": 400}),
    ("schools:cohort-mentors", "get", lambda c: {"cohort_pk": c.cohort_a1.pk}, A1_WRITE),
    (
        "schools:booklet-structure",
        "get",
        lambda c: {"pk": c.cohort_a1.programme_id},
        {**_signed_in(404), "admin_a": 200},
    ),
    ("schools:item-remove", "post", _booklet_item_of_a, {**_signed_in(404), "admin_a": 302}),
    ("assessment:head", "get", _head_link_of_a1, _everyone(200)),
    (
        "assessment:head-booklet",
        "get",
        lambda c: {**_head_link_of_a1(c), "pk": _enrolment_of_a1(c)["pk"]},
        _everyone(200),
    ),
    (
        "assessment:head-booklet-pdf",
        "get",
        lambda c: {**_head_link_of_a1(c), "pk": _enrolment_of_a1(c)["pk"]},
        _everyone(200),
    ),
    ("assessment:head-renew", "get", None, _everyone(200)),
    ("assessment:my-work", "get", None, _signed_in(200)),  # one's own queue: empty for those with none
    ("assessment:head-mine", "get", None, _signed_in(200)),  # nobody in the cast heads a school: the empty page
    ("api:docs", "get", None, _everyone(200)),  # the API's documentation holds no records
    ("api:home", "get", _provider_a, {**_signed_in(404), "admin_a": 200}),
    ("api:token-add", "post", _provider_a, {**_signed_in(404), "admin_a": 200}),  # the form again, with errors
    ("api:token-revoke", "post", _token_of_a, {**_signed_in(404), "admin_a": 200}),  # the confirmation
    ("api:endpoint-add", "post", _provider_a, {**_signed_in(404), "admin_a": 200}),
    ("api:endpoint-remove", "post", _endpoint_of_a, {**_signed_in(404), "admin_a": 200}),
    ("api:delivery-again", "post", _delivery_of_a, {**_signed_in(404), "admin_a": 302}),
    ("sso:start", "get", lambda c: {"provider_pk": c.provider_a.pk}, _everyone(404)),  # A has no single sign-on
    ("sso:callback", "get", None, _everyone(302)),  # no sign-in under way: back to the sign-in page, with a message
    ("sso:settings", "get", _provider_a, {**_signed_in(404), "admin_a": 200}),
    ("sso:saml-metadata", "get", lambda c: {"provider_pk": c.provider_a.pk}, _everyone(200)),  # public, as metadata is
    ("sso:saml-acs", "post", lambda c: {"provider_pk": c.provider_a.pk}, _everyone(404)),  # A has no SAML connection
]
for _row in MATRIX:
    for _outsider in OUTSIDERS:
        _row[3].setdefault(_outsider, _row[3][OUTSIDER_AS])


def _all_url_names(patterns=None, namespace=""):
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if inner == "admin:":
                names.add("admin:index")  # Django's admin is covered as one row: staff only
                continue
            if inner == "api-v1:":
                continue  # the records API: every operation × tokens of two providers and each scope, in tests/api
            names |= _all_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {entry.pattern} has no name; name it and add it to MATRIX"
            names.add(f"{namespace}{entry.name}")
    return names


def test_matrix_covers_every_url():
    covered = {row[0] for row in MATRIX}
    missing = _all_url_names() - covered
    assert not missing, f"URLs without a row in the access matrix: {sorted(missing)}"
    assert all(set(row[3]) == set(ROLES) for row in MATRIX), "every row must give every role a status"


@pytest.mark.parametrize(("name", "method", "kwargs", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_access(client, cast, name, method, kwargs, expected):
    """Each role in turn against one URL. The cast and the URL's objects are built once per row; each role's
    request runs in a savepoint that is rolled back, so one role's POST never changes what the next sees."""
    url = reverse(name, kwargs=kwargs(cast) if kwargs else None)
    wrong = []
    for role in ROLES:
        with transaction.atomic():
            wrong += _check(client, cast, role, method, url, name, expected[role])
            transaction.set_rollback(True)
        with transaction.atomic():
            wrong += _other_method(client, cast, role, method, url)
            transaction.set_rollback(True)
    for other in ("put", "patch", "delete"):  # no page acts on these, even for its own admin
        with transaction.atomic():
            response, writes = _request(client, cast, "admin_a", other, url)
            if response.status_code >= 500 or writes:
                wrong.append(f"admin_a {other.upper()} {url}: {response.status_code}, wrote {writes}")
            transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


DENIED = {LOGIN, 403, 404, 405}
BOOKKEEPING = ("django_session", "axes_", "otp_", '"last_login"')  # signing in is not changing anything


def _writes(queries) -> list[str]:
    """The statements of a request that changed data, leaving out session and sign-in bookkeeping."""
    return [
        q["sql"][:120]
        for q in queries.captured_queries
        if q["sql"].lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")
        and not any(table in q["sql"] for table in BOOKKEEPING)
    ]


def _request(client, cast, role, method, url):
    client.logout()
    user = cast.by_role(role)
    if user is not None:
        client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url)
        if response.streaming:
            b"".join(response.streaming_content)  # reading it to the end closes the file
    return response, _writes(queries)


def _other_method(client, cast, role, method, url) -> list[str]:
    """The URL asked with the method its row does not use: never a server error, and where it is refused
    nothing changes."""
    other = "post" if method == "get" else "get"
    response, writes = _request(client, cast, role, other, url)
    if response.status_code >= 500:
        return [f"{role} {other.upper()} {url}: {response.status_code}"]
    if response.status_code in DENIED and response.status_code != 302 and writes:
        return [f"{role} {other.upper()} {url}: refused ({response.status_code}) but wrote {writes}"]
    return []


def _check(client, cast, role, method, url, name, expected) -> list[str]:
    response, writes = _request(client, cast, role, method, url)
    if response.status_code != expected:
        return [f"{role} {method.upper()} {url}: {response.status_code}, expected {expected}"]
    problems = []
    if expected in DENIED and (expected != LOGIN or role == "anonymous") and writes:
        problems.append(f"{role} {method.upper()} {url}: refused ({expected}) but wrote {writes}")
    if response.status_code == 404:
        # An outsider learns nothing: the page is the plain "not found" one, naming no object.
        if b"Page not found" not in response.content:
            problems.append(f"{role} {url}: a 404 that is not the plain 'not found' page")
        for cohort in (cast.cohort_a1, cast.cohort_a2, cast.cohort_b1):
            if f">{cohort.name}<".encode() in response.content:
                problems.append(f"{role} {url}: the 404 names {cohort.name}")
    to_login = response.status_code == 302 and role == "anonymous" and expected == LOGIN and name != "accounts:logout"
    if to_login and "/login/" not in response["Location"]:
        problems.append(f"{role} {url}: sent to {response['Location']}, not to sign in")
    return problems


def test_file_is_not_stored_under_a_public_url(cast, settings):
    stored = StoredFile.objects.get(pk=_file_owned_by_admin_a(cast, ready=True)["pk"])
    with pytest.raises(ValueError, match="no public URL"):
        stored.file.url  # noqa: B018 - the property must refuse: there is no public URL


def test_the_write_detector_sees_a_write_and_ignores_sign_in_bookkeeping(client, cast):
    from tests.factories import VenueFactory

    with CaptureQueriesContext(connection) as queries:
        client.force_login(cast.admin_a)  # a session row: bookkeeping
        VenueFactory(provider=cast.provider_a)
    writes = _writes(queries)
    assert len(writes) == 1 and "cohorts_venue" in writes[0]
