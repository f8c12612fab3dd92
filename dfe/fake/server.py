"""The offline DfE over real HTTP: DfE's v3 paths, JSON:API bodies, bearer tokens, paging, 401/404/422/429,
and faults on demand. Every request it receives and every response it returns is checked against DfE's
document (``dfe.contract``); a request that breaks the document is answered 400 with what was wrong, and a
response that would break it is a bug in the fake (500, and the test fails).

    server = FakeDfe.start()            # a thread on a free port; server.url, server.dfe (the state)
    server.stop()

``manage.py dfe_fake`` serves one for the demo.
"""

import datetime as dt
import json
import re
import threading
import time
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from werkzeug.wrappers import Request, Response

from .. import contract
from .state import Dfe, Refusal, stamp

PER_PAGE, MAX_PER_PAGE = 100, 3000
RATE_LIMIT, RATE_WINDOW = 1000, 300  # "1,000 requests every 5 minutes" (guidance: get-started)

APPLICATION_FIELDS = [
    "course_identifier",
    "email",
    "email_validated",
    "employer_name",
    "employment_role",
    "full_name",
    "funding_choice",
    "headteacher_status",
    "ineligible_for_funding_reason",
    "participant_id",
    "private_childcare_provider_urn",
    "teacher_reference_number",
    "teacher_reference_number_validated",
    "school_urn",
    "school_ukprn",
    "status",
    "reason_for_rejection",
    "works_in_school",
    "cohort",
    "cohort_suffix",
    "eligible_for_funding",
    "targeted_delivery_funding_eligibility",
    "teacher_catchment",
    "teacher_catchment_country",
    "teacher_catchment_iso_country_code",
    "itt_provider",
    "lead_mentor",
    "funded_place",
    "created_at",
    "updated_at",
    "schedule_identifier",
    "works_as_senco",
    "senco_start_date",
]


def _json(value):
    if isinstance(value, dt.datetime):
        return stamp(value)
    return value


def application_body(a: dict) -> dict:
    return {"id": a["id"], "type": "npq_application", "attributes": {k: _json(a[k]) for k in APPLICATION_FIELDS}}


def declaration_body(d: dict) -> dict:
    keys = [
        "participant_id",
        "declaration_type",
        "course_identifier",
        "declaration_date",
        "state",
        "has_passed",
        "statement_id",
        "clawback_statement_id",
        "uplift_paid",
        "lead_provider_name",
        "ineligible_for_funding_reason",
        "created_at",
        "delivery_partner_id",
        "secondary_delivery_partner_id",
        "application_id",
        "updated_at",
    ]
    attributes = {k: _json(d[k]) for k in keys}
    attributes["delivery_partner_name"] = None
    attributes["secondary_delivery_partner_name"] = None
    return {"id": d["id"], "type": "participant-declaration", "attributes": attributes}


def outcome_body(o: dict) -> dict:
    keys = ["state", "completion_date", "course_identifier", "participant_id", "created_at", "updated_at"]
    return {"id": o["id"], "type": "participant-outcome", "attributes": {k: _json(o[k]) for k in keys}}


def statement_body(s: dict, paid: bool) -> dict:
    keys = ["month", "year", "cohort", "cut_off_date", "payment_date", "created_at", "updated_at"]
    attributes = {k: _json(s[k]) for k in keys}
    attributes["paid"] = paid
    return {"id": s["id"], "type": "statement", "attributes": attributes}


class Handler:
    """One request: authenticate, route, answer."""

    ROUTES = [
        ("GET", r"/npq-applications", "applications"),
        ("GET", r"/npq-applications/(?P<id>[^/]+)", "application"),
        ("POST", r"/npq-applications/(?P<id>[^/]+)/accept", "accept"),
        ("POST", r"/npq-applications/(?P<id>[^/]+)/reject", "reject"),
        ("PUT", r"/npq-applications/(?P<id>[^/]+)/change-funded-place", "change_funded_place"),
        ("GET", r"/participant-declarations", "declarations"),
        ("POST", r"/participant-declarations", "declare"),
        ("GET", r"/participant-declarations/(?P<id>[^/]+)", "declaration"),
        ("PUT", r"/participant-declarations/(?P<id>[^/]+)/void", "void"),
        ("GET", r"/delivery-partners", "delivery_partners"),
        ("GET", r"/participants/npq/outcomes", "outcomes"),
        ("GET", r"/participants/npq/(?P<id>[^/]+)/outcomes", "participant_outcomes"),
        ("POST", r"/participants/npq/(?P<id>[^/]+)/outcomes", "record_outcome"),
        ("GET", r"/participants/npq", "participants"),
        ("GET", r"/participants/npq/(?P<id>[^/]+)", "participant"),
        (
            "PUT",
            r"/participants/npq/(?P<id>[^/]+)/(?P<verb>resume|defer|withdraw|change-schedule)",
            "participant_change",
        ),
        ("GET", r"/statements", "statements"),
        ("GET", r"/statements/(?P<id>[^/]+)", "statement"),
    ]

    @classmethod
    def route(cls, method: str, path: str):
        for allowed, pattern, name in cls.ROUTES:
            match = re.fullmatch(pattern, path)
            if allowed == method and match:
                return name, match
        return None

    def __init__(self, dfe: Dfe, request: Request, lead):
        self.dfe, self.request, self.lead = dfe, request, lead
        header = request.headers.get("X-With-Server-Date")
        self.server_date = dt.datetime.fromisoformat(header.replace("Z", "+00:00")) if header else None

    # paging, filters, bodies --------------------------------------------------------------------------------

    def _page(self, rows: list) -> list:
        args = self.request.args
        try:
            page = max(int(args.get("page[page]", 1)), 1)
            per_page = min(max(int(args.get("page[per_page]", PER_PAGE)), 1), MAX_PER_PAGE)
        except ValueError:
            raise Refusal(400, "The '#/page' value must be a number.") from None
        sort = args.get("sort", "")
        if sort.lstrip("-") in ("created_at", "updated_at"):
            rows = sorted(rows, key=lambda r: r[sort.lstrip("-")], reverse=sort.startswith("-"))
        return rows[(page - 1) * per_page : page * per_page]

    def _since(self, rows: list, name="updated_since", key="updated_at") -> list:
        since = self.request.args.get(f"filter[{name}]")
        if not since:
            return rows
        try:
            moment = dt.datetime.fromisoformat(since.replace("Z", "+00:00"))
        except ValueError:
            raise Refusal(400, f"The filter '#/{name}' must be a valid ISO 8601 date.") from None
        return [r for r in rows if r[key] >= moment]

    def _attributes(self) -> dict:
        body = self.request.get_json(silent=True) or {}
        return (body.get("data") or {}).get("attributes") or {}

    # the endpoints -------------------------------------------------------------------------------------------

    def applications(self):
        rows = [a for a in self.dfe.applications.values() if a["lead"] == self.lead.token]
        cohorts = self.request.args.get("filter[cohort]")
        if cohorts:
            rows = [a for a in rows if a["cohort"] in cohorts.split(",")]
        participants = self.request.args.get("filter[participant_id]")
        if participants:
            rows = [a for a in rows if a["participant_id"] in participants.split(",")]
        rows = sorted(self._since(rows), key=lambda a: a["created_at"])
        return 200, {"data": [application_body(a) for a in self._page(rows)]}

    def application(self, id):
        return 200, {"data": application_body(self.dfe.own_application(self.lead, id))}

    def accept(self, id):
        attributes = self._attributes()
        application = self.dfe.accept(
            self.lead, id, funded_place=attributes.get("funded_place"), schedule=attributes.get("schedule_identifier")
        )
        return 200, {"data": application_body(application)}

    def reject(self, id):
        return 200, {"data": application_body(self.dfe.reject(self.lead, id))}

    def change_funded_place(self, id):
        return 200, {
            "data": application_body(self.dfe.change_funded_place(self.lead, id, self._attributes()["funded_place"]))
        }

    def declarations(self):
        self.dfe.settle(self.dfe.today(self.server_date))
        rows = [d for d in self.dfe.declarations.values() if d["lead"] == self.lead.token]
        participant = self.request.args.get("filter[participant_id]")
        if participant:
            rows = [d for d in rows if d["participant_id"] in participant.split(",")]
        rows = sorted(self._since(rows), key=lambda d: d["created_at"])
        return 200, {"data": [declaration_body(d) for d in self._page(rows)]}

    def declare(self):
        declaration = self.dfe.declare(self.lead, self._attributes(), server_date=self.server_date)
        return 200, {"data": declaration_body(declaration)}

    def declaration(self, id):
        self.dfe.settle(self.dfe.today(self.server_date))
        return 200, {"data": declaration_body(self.dfe.own_declaration(self.lead, id))}

    def void(self, id):
        return 200, {"data": declaration_body(self.dfe.void(self.lead, id))}

    def delivery_partners(self):
        rows = sorted(self.dfe.delivery_partners.values(), key=lambda p: p["name"])
        return 200, {
            "data": [
                {
                    "id": p["id"],
                    "type": "delivery-partner",
                    "attributes": {
                        "name": p["name"],
                        "cohort": p["cohort"],
                        "created_at": stamp(p["created_at"]),
                        "updated_at": stamp(p["updated_at"]),
                    },
                }
                for p in self._page(rows)
            ]
        }

    def outcomes(self):
        rows = [o for o in self.dfe.outcomes.values() if o["lead"] == self.lead.token]
        rows = sorted(self._since(rows, "created_since", "created_at"), key=lambda o: o["created_at"])
        return 200, {"data": [outcome_body(o) for o in self._page(rows)]}

    def participant_outcomes(self, id):
        self.dfe.own_enrolment(self.lead, id)
        rows = [o for o in self.dfe.outcomes.values() if o["lead"] == self.lead.token and o["participant_id"] == id]
        return 200, {"data": [outcome_body(o) for o in self._page(sorted(rows, key=lambda o: o["created_at"]))]}

    def record_outcome(self, id):
        return 200, {"data": outcome_body(self.dfe.record_outcome(self.lead, id, self._attributes()))}

    def _participant_body(self, participant_id: str) -> dict:
        person = self.dfe.participants[participant_id]
        enrolments = [
            a
            for a in self.dfe.applications.values()
            if a["lead"] == self.lead.token and a["participant_id"] == participant_id and a["status"] == "accepted"
        ]
        return {
            "id": participant_id,
            "type": "npq-participant",
            "attributes": {
                "full_name": person["full_name"],
                "previous_names": [],
                "teacher_reference_number": person["trn"],
                "updated_at": stamp(
                    max(
                        [person.get("updated_at") or a["updated_at"] for a in enrolments]
                        + [a["updated_at"] for a in enrolments]
                    )
                ),
                "npq_enrolments": [
                    {
                        "course_identifier": a["course_identifier"],
                        "schedule_identifier": a["schedule_identifier"],
                        "cohort": a["cohort"],
                        "cohort_suffix": a["cohort_suffix"],
                        "npq_application_id": a["id"],
                        "eligible_for_funding": a["eligible_for_funding"],
                        "training_status": a["training_status"],
                        "school_urn": a["school_urn"],
                        "targeted_delivery_funding_eligibility": a["targeted_delivery_funding_eligibility"],
                        "funded_place": a["funded_place"],
                        "email": a["email"],
                        "withdrawal": a["withdrawal"],
                        "deferral": a["deferral"],
                        "created_at": stamp(a["accepted_at"] or a["created_at"]),
                    }
                    for a in enrolments
                ],
                "participant_id_changes": person["changes"],
            },
        }

    def participants(self):
        ids = self.dfe.participant_ids(self.lead)
        status = self.request.args.get("filter[training_status]")
        rows = []
        for participant_id in ids:
            body = self._participant_body(participant_id)
            if status and not any(e["training_status"] == status for e in body["attributes"]["npq_enrolments"]):
                continue
            rows.append(body)
        since = self.request.args.get("filter[updated_since]")
        if since:
            rows = [r for r in rows if r["attributes"]["updated_at"] >= since.replace("+00:00", "Z")]
        return 200, {"data": self._page(rows)}

    def participant(self, id):
        self.dfe.own_enrolment(self.lead, id)
        return 200, {"data": self._participant_body(id)}

    def participant_change(self, id, verb):
        attributes = self._attributes()
        course = attributes.get("course_identifier", "npq-senco")
        if verb == "resume":
            self.dfe.resume(self.lead, id, course=course)
        elif verb == "defer":
            self.dfe.defer(self.lead, id, course=course, reason=attributes["reason"])
        elif verb == "withdraw":
            self.dfe.withdraw(self.lead, id, course=course, reason=attributes["reason"])
        else:
            self.dfe.change_schedule(
                self.lead,
                id,
                course=course,
                schedule=attributes["schedule_identifier"],
                cohort=attributes.get("cohort"),
            )
        return 200, {"data": self._participant_body(id)}

    def statements(self):
        today = self.dfe.today(self.server_date)
        rows = [s for s in self.dfe.statements.values() if s["lead"] == self.lead.token]
        cohorts = self.request.args.get("filter[cohort]")
        if cohorts:
            rows = [s for s in rows if s["cohort"] in cohorts.split(",")]
        rows = sorted(self._since(rows), key=lambda s: s["payment_date"])
        return 200, {"data": [statement_body(s, self.dfe.statement_paid(s, today)) for s in self._page(rows)]}

    def statement(self, id):
        statement = self.dfe.statements.get(id)
        if statement is None or statement["lead"] != self.lead.token:
            raise Refusal(404, "Resource not found")
        return 200, {
            "data": statement_body(statement, self.dfe.statement_paid(statement, self.dfe.today(self.server_date)))
        }


class App:
    def __init__(self, dfe: Dfe, base_url_holder: dict, state_file=None):
        self.dfe = dfe
        self.state_file = state_file
        self.where = base_url_holder
        self.window: list[float] = []
        self.errors: list[str] = []  # contract faults found in the fake's own answers (a test asserts none)

    def __call__(self, environ, start_response):
        request = Request(environ)
        response = self.answer(request)
        if response is None:  # wsgiref writes nothing and closes the socket: the answer is lost
            raise ConnectionResetError("the fake dropped its answer on purpose")
        return response(environ, start_response)

    def _json(self, status: int, body: dict, headers=None) -> Response:
        return Response(json.dumps(body), status=status, mimetype="application/json", headers=headers or {})

    def answer(self, request: Request) -> Response | None:
        dfe = self.dfe
        with dfe.lock:
            dfe.requests.append((request.method, request.path))
            faults = dfe.faults
            stall, status, retry_after = faults.stall, 0, faults.retry_after
            if faults.count > 0:
                faults.count -= 1
                status = faults.status
        if stall:
            time.sleep(stall)
        if status == 429:
            return self._json(429, {"error": "Too many requests"}, {"Retry-After": str(retry_after)})
        if status:
            return self._json(status, {"error": "Internal server error"})
        now = time.monotonic()
        self.window = [t for t in self.window if now - t < RATE_WINDOW] + [now]
        if len(self.window) > RATE_LIMIT:
            return self._json(429, {"error": "Too many requests"}, {"Retry-After": str(RATE_WINDOW)})
        if not request.path.startswith("/api/v3/"):
            return self._json(404, {"error": "Resource not found"})
        api = contract.api_for(self.where["url"])
        from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse

        openapi_request = WerkzeugOpenAPIRequest(request)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        lead = dfe.lead_for(token)
        if lead is None:
            return self._checked(api, openapi_request, self._json(401, {"error": "HTTP Token: Access denied"}))
        try:
            api.validate_request(openapi_request)
        except Exception as fault:  # the client broke the document: say how, as DfE would (400)
            detail = str(getattr(fault, "__cause__", None) or fault)
            return self._json(400, {"errors": [{"title": "Bad request", "detail": detail[:2000]}]})
        route = Handler.route(request.method, request.path.removeprefix("/api/v3"))
        if route is None:
            return self._json(404, {"error": "Resource not found"})
        name, match = route
        handler = Handler(dfe, request, lead)
        try:
            code, body = getattr(handler, name)(**match.groupdict())
        except Refusal as refusal:
            if refusal.status == 404:
                code, body = 404, {"error": refusal.detail}
            else:
                code, body = refusal.status, {"errors": [{"title": refusal.title, "detail": refusal.detail}]}
        response = self._json(code, body)
        if request.method != "GET" and code == 200:
            if self.state_file:
                dfe.dump(self.state_file)
            with dfe.lock:
                dfe.writes += 1
                if faults.drop_after_write > 0:
                    faults.drop_after_write -= 1
                    return None
        return self._checked(api, openapi_request, response, WerkzeugOpenAPIResponse)

    def _checked(self, api, openapi_request, response, wrap=None):
        if wrap is None:
            from openapi_core.contrib.werkzeug import WerkzeugOpenAPIResponse as wrap
        from openapi_core.templating.responses.exceptions import ResponseNotFound

        try:
            api.validate_response(openapi_request, wrap(response))
        except ResponseNotFound:  # a status the document does not list for this path: DfE's error shape
            try:
                contract.error_shape(response.status_code, json.loads(response.get_data()))
            except ValueError as fault:
                self.errors.append(f"{openapi_request.path}: {fault}")
        except Exception as fault:
            self.errors.append(f"{openapi_request.path}: {fault.__cause__ or fault}")
            return self._json(500, {"error": f"The fake broke DfE's document: {fault.__cause__ or fault}"})
        return response


class _Threading(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):  # the tests' output stays readable; the demo logs through the command
        pass


class FakeDfe:
    """A running offline DfE: ``url`` (the base URL to give the client), ``dfe`` (its state)."""

    def __init__(self, dfe: Dfe, host: str = "127.0.0.1", port: int = 0, state_file=None):
        self.dfe = dfe
        self.where: dict = {}
        self.app = App(dfe, self.where, state_file)
        self.httpd = make_server(host, port, self.app, server_class=_Threading, handler_class=_Quiet)
        self.url = f"http://{host}:{self.httpd.server_port}"
        self.where["url"] = self.url
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @classmethod
    def start(cls, dfe: Dfe | None = None, **kwargs) -> "FakeDfe":
        server = cls(dfe or Dfe(), **kwargs)
        server.thread.start()
        return server

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
