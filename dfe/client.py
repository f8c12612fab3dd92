"""DfE's Lead Provider API (v3) over HTTPS: the bearer token, timeouts on every call, paging, DfE's rate
limits, and faults told apart so callers can act on them.

- ``Unreachable``: timed out, refused, or a 5xx after retries (reads are retried with back-off here; writes
  are not, because ``dfe.services.writes`` reads back first).
- ``RateLimited``: DfE said 429 (``retry_after`` from its Retry-After header) or our own budget is spent.
- ``Refused``: DfE answered 400/401/404/422; ``message`` is DfE's own words.

The token is only ever put in the Authorization header: it is not logged, and ``repr`` hides it.
"""

import logging
import time
from collections.abc import Callable, Iterator

import requests
from django.conf import settings

from . import limiter

logger = logging.getLogger(__name__)

API = "/api/v3"


class DfeError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Unreachable(DfeError):
    pass


class RateLimited(DfeError):
    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Refused(DfeError):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def _words(response: requests.Response) -> str:
    """DfE's own words from an error body: ``{"errors": [{title, detail}]}`` or ``{"error": …}``."""
    try:
        body = response.json()
    except ValueError:
        return f"DfE answered {response.status_code}."
    if isinstance(body.get("errors"), list):
        return " ".join(str(e.get("detail") or e.get("title") or "") for e in body["errors"]).strip()
    return str(body.get("error") or f"DfE answered {response.status_code}.")


class Client:
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        key: str,
        check: Callable[[str, requests.Response], None] | None = None,
        server_date: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.key = key  # names the rate budget: one per connection
        self.check = check  # the tests check each exchange against DfE's document here
        self.server_date = server_date  # the sandbox's X-With-Server-Date, for declarations
        self.sleep = sleep
        self.session = requests.Session()
        self.requests_made = 0

    def __repr__(self) -> str:
        return f"<DfE client {self.base_url}>"

    @property
    def timeout(self) -> tuple[float, float]:
        return (settings.DFE_CONNECT_TIMEOUT, settings.DFE_READ_TIMEOUT)

    def _send(self, method: str, path: str, *, params=None, json=None) -> requests.Response:
        try:
            limiter.take(self.key)
        except limiter.Wait as wait:
            raise RateLimited(str(wait), wait.seconds) from None
        headers = {"Authorization": f"Bearer {self._token}", "Accept": "application/json"}
        if self.server_date and method == "POST" and path == "/participant-declarations":
            headers["X-With-Server-Date"] = self.server_date
        self.requests_made += 1
        try:
            response = self.session.request(
                method, self.base_url + API + path, params=params, json=json, headers=headers, timeout=self.timeout
            )
        except requests.Timeout:
            raise Unreachable("DfE did not answer in time.") from None
        except requests.RequestException as error:
            raise Unreachable(f"Could not reach DfE ({type(error).__name__}).") from None
        if self.check is not None:
            self.check(self.base_url, response)
        if response.status_code == 429:
            try:
                wait = max(int(response.headers.get("Retry-After", "60")), 1)
            except ValueError:
                wait = 60
            raise RateLimited(f"DfE asked us to wait {wait} seconds (too many requests).", wait)
        if response.status_code >= 500:
            raise Unreachable(f"DfE had a fault ({response.status_code}).")
        if response.status_code == 401:
            raise Refused("DfE did not accept the token (401): check it on the connection page.", 401)
        if response.status_code >= 400:
            raise Refused(_words(response), response.status_code)
        try:
            return response.json()
        except ValueError:
            raise Unreachable("DfE's answer was not JSON.") from None

    def get(self, path: str, params=None) -> dict:
        """A read, retried after a timeout or a 5xx (three tries, waiting 1 s then 2 s)."""
        for attempt in range(settings.DFE_READ_ATTEMPTS):
            try:
                return self._send("GET", path, params=params)
            except Unreachable:
                if attempt + 1 == settings.DFE_READ_ATTEMPTS:
                    raise
                self.sleep(2**attempt)
        raise AssertionError("unreachable")

    def pages(self, path: str, params=None, *, per_page: int | None = None) -> Iterator[list[dict]]:
        """Each page's ``data`` in turn, until a short page."""
        per_page = per_page or settings.DFE_PAGE_SIZE
        page = 1
        while True:
            data = self.get(path, {**(params or {}), "page[page]": page, "page[per_page]": per_page})["data"]
            yield data
            if len(data) < per_page:
                return
            page += 1

    def post(self, path: str, body: dict | None = None) -> dict:
        return self._send("POST", path, json=body)

    def put(self, path: str, body: dict | None = None) -> dict:
        return self._send("PUT", path, json=body)
