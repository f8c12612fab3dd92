"""The offline DfE's data and rules: what DfE's Lead Provider API (v3) keeps and refuses, as its guidance says
(``dfe/openapi``; DfE's pages "View, accept or reject applications", "Submit, view and void declarations",
"Data states", ``funding.md``). No Django: it runs beside the portal, in the tests and in the demo.

Every rule answers with DfE's own words where the guidance gives them. ``Refusal`` carries the HTTP status.
"""

import dataclasses
import datetime as dt
import json
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

SCHEDULE_STARTS = {  # cohort → schedule → the day declarations are accepted from ("schedules-and-milestone")
    "2024": {"npq-leadership-autumn": dt.date(2024, 10, 1), "npq-leadership-spring": dt.date(2025, 2, 1)},
    "2025": {"npq-leadership-autumn": dt.date(2025, 8, 1), "npq-leadership-spring": dt.date(2025, 2, 1)},
    "2026": {"npq-leadership-autumn": dt.date(2026, 8, 1), "npq-leadership-spring": dt.date(2027, 2, 1)},
    "2027": {"npq-leadership-autumn": dt.date(2027, 8, 1), "npq-leadership-spring": dt.date(2028, 2, 1)},
}
PAID_STATES = {"paid"}
LIVE_STATES = {"submitted", "eligible", "payable", "paid"}  # a duplicate of one of these is refused
VOIDABLE = {"submitted", "eligible", "payable", "ineligible"}


class Refusal(Exception):
    def __init__(self, status: int, detail: str, title: str = ""):
        super().__init__(detail)
        self.status, self.detail, self.title = status, detail, title or detail


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Lead:
    name: str
    token: str
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass
class Faults:
    """What the next requests suffer, set by the tests: ``status`` (500, 503, 429) for the next ``count``
    requests; ``stall`` seconds before answering; ``drop_after_write``: do a write, then break the
    connection instead of answering (a lost response)."""

    status: int = 0
    count: int = 0
    retry_after: int = 1
    stall: float = 0.0
    drop_after_write: int = 0


class Dfe:
    """All of DfE's state for any number of lead providers. Thread-safe: one lock around every change."""

    def __init__(self, *, clock=None):
        self.lock = threading.RLock()
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.leads: dict[str, Lead] = {}
        self.applications: dict[str, dict] = {}
        self.participants: dict[str, dict] = {}  # participant_id → {full_name, trn, changes}
        self.declarations: dict[str, dict] = {}
        self.outcomes: dict[str, dict] = {}
        self.statements: dict[str, dict] = {}
        self.delivery_partners: dict[str, dict] = {}
        self.faults = Faults()
        self.requests: list[tuple[str, str]] = []  # (method, path) of every request, for the tests
        self.writes = 0

    # --- set-up (tests, the demo) -------------------------------------------------------------------------

    STORED = ("leads", "applications", "participants", "declarations", "outcomes", "statements", "delivery_partners")

    def dump(self, path: Path) -> None:
        """Keep the state in ``path`` (the demo's offline DfE survives a restart)."""

        def encode(value):
            if isinstance(value, dt.datetime):
                return {"$dt": value.isoformat()}
            if isinstance(value, Lead):
                return dataclasses.asdict(value)
            raise TypeError(type(value))

        with self.lock:
            data = {name: getattr(self, name) for name in self.STORED}
            path.write_text(json.dumps(data, default=encode))

    def load(self, path: Path) -> None:
        def decode(value):
            return dt.datetime.fromisoformat(value["$dt"]) if set(value) == {"$dt"} else value

        data = json.loads(path.read_text(), object_hook=decode)
        with self.lock:
            for name in self.STORED:
                setattr(self, name, data[name])
            self.leads = {token: Lead(**lead) for token, lead in self.leads.items()}

    @staticmethod
    def schedule_for(cohort: str, today: dt.date) -> str:
        """The schedule DfE assigns on acceptance ("Schedules and milestone dates": by when the application is
        accepted): the latest of the cohort's schedules already started, else its first."""
        starts = SCHEDULE_STARTS.get(cohort)
        if not starts:
            return "npq-leadership-spring" if today.month <= 6 else "npq-leadership-autumn"
        begun = [name for name, day in starts.items() if day <= today]
        return max(begun, key=starts.get) if begun else min(starts, key=starts.get)

    def capped(self, cohort: str) -> bool:
        """Funding caps from the 2024/25 academic year onwards (DfE's "Data states": funding cap)."""
        return cohort.isdigit() and int(cohort) >= 2024

    def add_lead(self, name: str, token: str) -> Lead:
        with self.lock:
            lead = Lead(name, token)
            self.leads[token] = lead
            return lead

    def lead_for(self, token: str) -> Lead | None:
        return self.leads.get(token)

    def add_application(self, lead: Lead, **attributes) -> dict:
        """A teacher registers with DfE and chooses ``lead``. Unknown attributes take DfE's usual values."""
        with self.lock:
            now = self.clock()
            participant_id = attributes.pop("participant_id", None) or str(uuid.uuid4())
            person = self.participants.setdefault(
                participant_id,
                {
                    "full_name": attributes.get("full_name", "A Teacher"),
                    "trn": attributes.get("teacher_reference_number"),
                    "changes": [],
                    "updated_at": now,
                },
            )
            application = {
                "id": attributes.pop("id", None) or str(uuid.uuid4()),
                "lead": lead.token,
                "participant_id": participant_id,
                "course_identifier": "npq-senco",
                "email": None,
                "email_validated": True,
                "employer_name": None,
                "employment_role": None,
                "full_name": person["full_name"],
                "funding_choice": None,
                "headteacher_status": "no",
                "ineligible_for_funding_reason": None,
                "private_childcare_provider_urn": None,
                "teacher_reference_number": person["trn"],
                "teacher_reference_number_validated": True,
                "school_urn": "",
                "school_ukprn": None,
                "status": "pending",
                "reason_for_rejection": None,
                "works_in_school": True,
                "cohort": "2026",
                "cohort_suffix": "a",
                "eligible_for_funding": True,
                "targeted_delivery_funding_eligibility": False,
                "teacher_catchment": True,
                "teacher_catchment_country": "United Kingdom of Great Britain and Northern Ireland",
                "teacher_catchment_iso_country_code": "GBR",
                "itt_provider": None,
                "lead_mentor": False,
                "funded_place": None,
                "schedule_identifier": None,
                "works_as_senco": True,
                "senco_start_date": None,
                "training_status": None,
                "withdrawal": None,
                "deferral": None,
                "created_at": now,
                "updated_at": now,
                "accepted_at": None,
            }
            application.update(attributes)
            self.applications[application["id"]] = application
            return application

    def add_statement(self, lead: Lead, *, cohort: str, month: str, year: str, cut_off: dt.date, payment: dt.date):
        with self.lock:
            now = self.clock()
            statement = {
                "id": str(uuid.uuid4()),
                "lead": lead.token,
                "cohort": cohort,
                "month": month,
                "year": year,
                "cut_off_date": cut_off.isoformat(),
                "payment_date": payment.isoformat(),
                "created_at": now,
                "updated_at": now,
            }
            self.statements[statement["id"]] = statement
            return statement

    def add_delivery_partner(self, name: str, cohorts=("2025", "2026")) -> dict:
        with self.lock:
            now = self.clock()
            partner = {
                "id": str(uuid.uuid4()),
                "name": name,
                "cohort": list(cohorts),
                "created_at": now,
                "updated_at": now,
            }
            self.delivery_partners[partner["id"]] = partner
            return partner

    def merge_participants(self, *, from_id: str, to_id: str) -> None:
        """DfE finds two registrations are one person: ``from_id`` becomes ``to_id`` everywhere."""
        with self.lock:
            now = self.clock()
            for application in self.applications.values():
                if application["participant_id"] == from_id:
                    application["participant_id"] = to_id
                    application["updated_at"] = now
            for declaration in self.declarations.values():
                if declaration["participant_id"] == from_id:
                    declaration["participant_id"] = to_id
            old = self.participants.pop(from_id, {"changes": []})
            person = self.participants.setdefault(to_id, {"full_name": "", "trn": None, "changes": []})
            person["changes"] = [
                *old["changes"],
                *person["changes"],
                {"from_participant_id": from_id, "to_participant_id": to_id, "changed_at": stamp(now)},
            ]
            person["updated_at"] = now

    # --- reading --------------------------------------------------------------------------------------------

    def today(self, server_date: dt.datetime | None = None) -> dt.date:
        return (server_date or self.clock()).date()

    def own_application(self, lead: Lead, application_id: str) -> dict:
        application = self.applications.get(application_id)
        if application is None or application["lead"] != lead.token:
            raise Refusal(404, "Resource not found")
        return application

    def own_enrolment(self, lead: Lead, participant_id: str, course: str = "npq-senco") -> dict:
        """The accepted application through which ``lead`` trains ``participant_id`` on ``course``."""
        for application in self.applications.values():
            if (
                application["lead"] == lead.token
                and application["participant_id"] == participant_id
                and application["status"] == "accepted"
                and application["course_identifier"] == course
            ):
                return application
        raise Refusal(404, "Resource not found")

    def participant_ids(self, lead: Lead) -> list[str]:
        seen = {}
        for application in self.applications.values():
            if application["lead"] == lead.token and application["status"] == "accepted":
                seen.setdefault(application["participant_id"], None)
        return list(seen)

    def statement_for(self, lead: Lead, cohort: str, when: dt.date) -> dict | None:
        """The first statement of ``lead`` for ``cohort`` whose cut-off is on or after ``when``."""
        candidates = [
            s
            for s in self.statements.values()
            if s["lead"] == lead.token and s["cohort"] == cohort and dt.date.fromisoformat(s["cut_off_date"]) >= when
        ]
        return min(candidates, key=lambda s: s["cut_off_date"], default=None)

    def settle(self, today: dt.date) -> None:
        """Statements move on with time: past its cut-off an eligible declaration is payable; past the
        payment date payable is paid and awaiting clawback is clawed back."""
        with self.lock:
            for declaration in self.declarations.values():
                statement = self.statements.get(
                    declaration.get("clawback_statement_id") or declaration["statement_id"] or ""
                )
                if statement is None:
                    continue
                cut_off = dt.date.fromisoformat(statement["cut_off_date"])
                payment = dt.date.fromisoformat(statement["payment_date"])
                state = declaration["state"]
                new = state
                if state == "eligible" and today > cut_off:
                    new = "payable"
                if new == "payable" and today >= payment:
                    new = "paid"
                if state == "awaiting-clawback" and today >= payment:
                    new = "clawed-back"
                if new != state:
                    declaration["state"] = new
                    declaration["updated_at"] = self.clock()

    def statement_paid(self, statement: dict, today: dt.date) -> bool:
        return today >= dt.date.fromisoformat(statement["payment_date"])

    # --- applications ---------------------------------------------------------------------------------------

    def accept(self, lead: Lead, application_id: str, *, funded_place=None, schedule=None) -> dict:
        with self.lock:
            application = self.own_application(lead, application_id)
            if application["status"] == "accepted":
                raise Refusal(422, "This NPQ application has already been accepted", "status")
            if application["status"] == "rejected":
                raise Refusal(422, "Once rejected an application cannot change state", "status")
            for other in self.applications.values():
                if (
                    other is not application
                    and other["participant_id"] == application["participant_id"]
                    and other["course_identifier"] == application["course_identifier"]
                    and other["status"] == "accepted"
                ):
                    raise Refusal(
                        422,
                        "The participant has already had an application accepted for this course.",
                        "npq_application",
                    )
            if self.capped(application["cohort"]):  # funding.md: "must be true or false"
                if funded_place is None:
                    raise Refusal(422, "Set '#/funded_place' to true or false.", "funded_place")
                if funded_place and not application["eligible_for_funding"]:
                    raise Refusal(
                        422,
                        "The participant is not eligible for funding, so '#/funded_place' cannot be true.",
                        "funded_place",
                    )
            now = self.clock()
            schedule = schedule or self.schedule_for(application["cohort"], now.date())
            application.update(
                status="accepted",
                funded_place=funded_place if self.capped(application["cohort"]) else None,
                schedule_identifier=schedule,
                training_status="active",
                accepted_at=now,
                updated_at=now,
            )
            for other in self.applications.values():  # only one provider trains a person on a course
                if (
                    other is not application
                    and other["participant_id"] == application["participant_id"]
                    and other["course_identifier"] == application["course_identifier"]
                    and other["cohort"] == application["cohort"]
                    and other["status"] == "pending"
                ):
                    other.update(
                        status="rejected",
                        reason_for_rejection="Another provider accepted this participant's application.",
                        updated_at=now,
                    )
            self.participants[application["participant_id"]]["updated_at"] = now
            return application

    def reject(self, lead: Lead, application_id: str) -> dict:
        with self.lock:
            application = self.own_application(lead, application_id)
            if application["status"] == "accepted":
                raise Refusal(422, "Once accepted an application cannot change state", "status")
            if application["status"] == "rejected":
                raise Refusal(422, "This NPQ application has already been rejected", "status")
            application.update(
                status="rejected", reason_for_rejection="Rejected by the provider.", updated_at=self.clock()
            )
            return application

    def change_funded_place(self, lead: Lead, application_id: str, funded_place: bool) -> dict:
        with self.lock:
            application = self.own_application(lead, application_id)
            if application["status"] != "accepted":
                raise Refusal(422, "The application is not accepted (pending)", "npq_application")
            if not self.capped(application["cohort"]):
                raise Refusal(
                    422, "Leave the '#/funded_place' field blank: this cohort has no funding cap.", "funded_place"
                )
            if funded_place and not application["eligible_for_funding"]:
                raise Refusal(422, "The application is not eligible for funding.", "funded_place")
            if not funded_place and any(
                d["application_id"] == application_id and d["state"] in LIVE_STATES for d in self.declarations.values()
            ):
                raise Refusal(
                    422,
                    "You must void or claw back your declarations for this participant before being able to set "
                    "'#/funded_place' to false",
                    "funded_place",
                )
            application.update(funded_place=funded_place, updated_at=self.clock())
            return application

    # --- participants ---------------------------------------------------------------------------------------

    def _status_change(self, lead: Lead, participant_id: str, course: str, to: str, **extra) -> dict:
        application = self.own_enrolment(lead, participant_id, course)
        now = self.clock()
        application.update(training_status=to, updated_at=now, **extra)
        self.participants[participant_id]["updated_at"] = now
        return application

    def _has_declarations(self, application: dict, types=None) -> bool:
        return any(
            d["application_id"] == application["id"]
            and d["state"] not in ("voided",)
            and (types is None or d["declaration_type"] in types)
            for d in self.declarations.values()
        )

    def defer(self, lead: Lead, participant_id: str, *, course: str, reason: str) -> dict:
        with self.lock:
            application = self.own_enrolment(lead, participant_id, course)
            if application["training_status"] != "active":
                raise Refusal(422, f"The participant is already {application['training_status']}", "training_status")
            if not self._has_declarations(application):
                raise Refusal(422, "You cannot defer an NPQ participant that has no declarations", "participant_id")
            return self._status_change(
                lead, participant_id, course, "deferred", deferral={"reason": reason, "date": stamp(self.clock())}
            )

    def resume(self, lead: Lead, participant_id: str, *, course: str) -> dict:
        with self.lock:
            application = self.own_enrolment(lead, participant_id, course)
            if application["training_status"] == "active":
                raise Refusal(422, "The participant is already active", "training_status")
            return self._status_change(lead, participant_id, course, "active", deferral=None, withdrawal=None)

    def withdraw(self, lead: Lead, participant_id: str, *, course: str, reason: str) -> dict:
        with self.lock:
            application = self.own_enrolment(lead, participant_id, course)
            if application["training_status"] == "withdrawn":
                raise Refusal(422, "The participant is already withdrawn", "training_status")
            if not self._has_declarations(application, types={"started"}):
                raise Refusal(
                    422,
                    "An NPQ participant who has not got a started declaration cannot be withdrawn.",
                    "participant_id",
                )
            return self._status_change(
                lead, participant_id, course, "withdrawn", withdrawal={"reason": reason, "date": stamp(self.clock())}
            )

    def change_schedule(self, lead: Lead, participant_id: str, *, course: str, schedule: str, cohort=None) -> dict:
        with self.lock:
            application = self.own_enrolment(lead, participant_id, course)
            cohort = cohort or application["cohort"]
            starts = SCHEDULE_STARTS.get(cohort, {}).get(schedule)
            if starts is None:
                raise Refusal(422, "The property '#/schedule_identifier' must be a valid schedule for this cohort.")
            for declaration in self.declarations.values():
                if (
                    declaration["application_id"] == application["id"]
                    and declaration["state"] in LIVE_STATES
                    and dt.date.fromisoformat(declaration["declaration_date"][:10]) < starts
                ):
                    raise Refusal(
                        422,
                        "Changing schedule would invalidate existing declarations. Please void them first.",
                        "schedule_identifier",
                    )
            if cohort != application["cohort"] and self._has_declarations(application):
                raise Refusal(422, "You cannot change the '#/cohort' once a declaration has been made.", "cohort")
            return self._status_change(
                lead,
                participant_id,
                course,
                application["training_status"],
                schedule_identifier=schedule,
                cohort=cohort,
            )

    # --- declarations and outcomes --------------------------------------------------------------------------

    def declare(self, lead: Lead, attributes: dict, *, server_date: dt.datetime | None = None) -> dict:
        with self.lock:
            participant_id, kind = attributes["participant_id"], attributes["declaration_type"]
            course = attributes["course_identifier"]
            try:
                application = self.own_enrolment(lead, participant_id, course)
            except Refusal:
                raise Refusal(
                    422, "Your update cannot be made as the '#/participant_id' is not recognised.", "participant_id"
                ) from None
            when = dt.datetime.fromisoformat(attributes["declaration_date"].replace("Z", "+00:00"))
            today = self.today(server_date)
            if when.date() > today:
                raise Refusal(
                    422,
                    "The '#/declaration_date' value cannot be a future date. Check the date and try again.",
                    "declaration_date",
                )
            starts = SCHEDULE_STARTS.get(application["cohort"], {}).get(application["schedule_identifier"])
            if starts and when.date() < starts:
                raise Refusal(
                    422,
                    "Enter a '#/declaration_date' that's on or after the schedule start.",
                    "declaration_date",
                )
            if application["training_status"] == "withdrawn" and application["withdrawal"]:
                withdrawn = dt.datetime.fromisoformat(application["withdrawal"]["date"].replace("Z", "+00:00"))
                if when > withdrawn:
                    raise Refusal(
                        422,
                        "This participant withdrew from this course on "
                        f"{withdrawn.date().isoformat()}. Enter a '#/declaration_date' that's on or before the "
                        "withdrawal date.",
                        "participant_id",
                    )
            if kind == "completed" and attributes.get("has_passed") is None:
                raise Refusal(422, "Enter whether the participant has passed ('#/has_passed').", "has_passed")
            # Release notes, 19 May 2025: the delivery partner is required on cohort 2024 declarations and later,
            # and must be one DfE assigned for the cohort.
            partner_id = attributes.get("delivery_partner_id")
            if partner_id is None and application["cohort"] >= "2024":
                raise Refusal(422, "Enter a '#/delivery_partner_id'.", "delivery_partner_id")
            partner = self.delivery_partners.get(partner_id) if partner_id else None
            if partner_id and (partner is None or application["cohort"] not in partner["cohort"]):
                raise Refusal(
                    422,
                    "The '#/delivery_partner_id' you have entered is invalid. Check delivery partner details and "
                    "try again.",
                    "delivery_partner_id",
                )
            for other in self.declarations.values():
                if (
                    other["application_id"] == application["id"]
                    and other["declaration_type"] == kind
                    and other["state"] in LIVE_STATES
                ):
                    raise Refusal(
                        422,
                        "There already exists a declaration that will be or has been paid for this event",
                        "participant_id",
                    )
            funded = application["eligible_for_funding"] and application["funded_place"] in (None, True)
            statement = self.statement_for(lead, application["cohort"], today)
            now = self.clock()
            declaration = {
                "id": str(uuid.uuid4()),
                "lead": lead.token,
                "application_id": application["id"],
                "participant_id": participant_id,
                "declaration_type": kind,
                "course_identifier": course,
                "declaration_date": attributes["declaration_date"],
                "state": "eligible" if funded else "submitted",
                "has_passed": attributes.get("has_passed") if kind == "completed" else None,
                "statement_id": statement["id"] if statement and funded else None,
                "clawback_statement_id": None,
                "uplift_paid": False,
                "lead_provider_name": lead.name,
                "ineligible_for_funding_reason": None,
                "delivery_partner_id": attributes.get("delivery_partner_id"),
                "secondary_delivery_partner_id": attributes.get("secondary_delivery_partner_id"),
                "created_at": now,
                "updated_at": now,
            }
            self.declarations[declaration["id"]] = declaration
            if kind == "completed":
                self._outcome(
                    lead,
                    participant_id,
                    course,
                    "passed" if attributes["has_passed"] else "failed",
                    when.date().isoformat(),
                )
            return declaration

    def own_declaration(self, lead: Lead, declaration_id: str) -> dict:
        declaration = self.declarations.get(declaration_id)
        if declaration is None or declaration["lead"] != lead.token:
            raise Refusal(404, "Resource not found")
        return declaration

    def void(self, lead: Lead, declaration_id: str) -> dict:
        with self.lock:
            declaration = self.own_declaration(lead, declaration_id)
            now = self.clock()
            if declaration["state"] in VOIDABLE:
                declaration["state"] = "voided"
            elif declaration["state"] in PAID_STATES:
                application = self.applications[declaration["application_id"]]
                statement = self.statement_for(lead, application["cohort"], now.date())
                declaration.update(state="awaiting-clawback", clawback_statement_id=statement and statement["id"])
            else:
                raise Refusal(422, f"This declaration has been {declaration['state']}; it cannot be voided.", "id")
            declaration["updated_at"] = now
            if declaration["declaration_type"] == "completed":
                declaration["has_passed"] = None
                self._outcome(
                    lead,
                    declaration["participant_id"],
                    declaration["course_identifier"],
                    "voided",
                    declaration["declaration_date"][:10],
                )
            return declaration

    def _outcome(self, lead: Lead, participant_id: str, course: str, state: str, completion_date: str) -> dict:
        now = self.clock()
        outcome = {
            "id": str(uuid.uuid4()),
            "lead": lead.token,
            "participant_id": participant_id,
            "course_identifier": course,
            "state": state,
            "completion_date": completion_date,
            "created_at": now,
            "updated_at": now,
        }
        self.outcomes[outcome["id"]] = outcome
        return outcome

    def record_outcome(self, lead: Lead, participant_id: str, attributes: dict) -> dict:
        with self.lock:
            course = attributes["course_identifier"]
            application = self.own_enrolment(lead, participant_id, course)
            if not self._has_declarations(application, types={"completed"}):
                raise Refusal(
                    422,
                    "The participant must have a completed declaration to submit an outcome",
                    "participant_id",
                )
            if attributes["completion_date"] > self.today().isoformat():
                raise Refusal(422, "The '#/completion_date' value cannot be a future date.", "completion_date")
            return self._outcome(lead, participant_id, course, attributes["state"], attributes["completion_date"])
