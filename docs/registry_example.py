"""A university registry and the NASENCO Portal: pull released marks incrementally, and receive webhooks.

    python docs/registry_example.py pull --url https://portal.example.ac.uk --token nsp_… [--since 2027-01-01T00:00:00Z]
    python docs/registry_example.py receive --secret whsec_… [--port 8099]

``pull`` reads every mark released since the last run (``--since``, or everything), page by page, and prints
one line per mark with the student number the registry gave the place; it prints, last, the time to pass as
``--since`` next time (the newest ``released_at`` seen). ``receive`` listens for webhooks, checks each one's
signature and age, and prints the event. Standard library only: copy it into a registry's own tooling.
"""

import argparse
import hashlib
import hmac
import http.server
import json
import time
import urllib.parse
import urllib.request

TOLERANCE = 300  # seconds: an older delivery may be a replay


def get(base: str, token: str, path: str, **params) -> dict:
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
    request = urllib.request.Request(  # noqa: S310 - the portal's own https:// address
        f"{base.rstrip('/')}/api/v1/{path}?{query}", headers={"Authorization": f"Bearer {token}"}
    )
    while True:
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - as above
                return json.load(response)
        except urllib.error.HTTPError as error:
            if error.code != 429:
                raise
            time.sleep(int(error.headers.get("Retry-After", "60")))  # the rate limit: wait as told


def released_marks(base: str, token: str, since: str | None = None):
    """Every released mark since ``since``, oldest first, following the cursor to the last page."""
    cursor = None
    while True:
        page = get(base, token, "marks", updated_since=since, cursor=cursor, limit=200)
        yield from page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return


def pull(base: str, token: str, since: str | None) -> list[str]:
    numbers = {}
    lines, newest = [], since
    for mark in released_marks(base, token, since):
        place = mark["place"]
        if place not in numbers:
            numbers[place] = get(base, token, f"places/{place}")["student_number"] or f"place {place}"
        lines.append(f"{numbers[place]}\t{mark['component']['title']}\t{mark['mark']}\t{mark['band']}")
        newest = mark["released_at"]
    lines.append(f"next --since {newest}")
    return lines


def verify(secret: str, header: str, body: bytes, *, now: int | None = None) -> bool:
    """Whether ``Nasenco-Signature`` signs ``body``: HMAC-SHA256 of "<t>.<body>", made within TOLERANCE."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or int(time.time())) - timestamp) > TOLERANCE:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))


def receiver(secret: str, seen: list):
    """A request handler that keeps each verified event in ``seen`` and refuses anything unsigned (401)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if not verify(secret, self.headers.get("Nasenco-Signature", ""), body):
                self.send_response(401)
            else:
                event = json.loads(body)
                if event["id"] not in {e["id"] for e in seen}:  # a delivery sent again is acted on once
                    seen.append(event)
                self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    pulling = commands.add_parser("pull")
    pulling.add_argument("--url", required=True)
    pulling.add_argument("--token", required=True)
    pulling.add_argument("--since")
    receiving = commands.add_parser("receive")
    receiving.add_argument("--secret", required=True)
    receiving.add_argument("--port", type=int, default=8099)
    args = parser.parse_args()
    if args.command == "pull":
        print("\n".join(pull(args.url, args.token, args.since)))
    else:
        seen: list = []
        server = http.server.HTTPServer(("127.0.0.1", args.port), receiver(args.secret, seen))
        print(f"Listening on http://127.0.0.1:{args.port}/ for webhooks")
        while True:
            server.handle_request()
            if seen:
                print(json.dumps(seen[-1]))


if __name__ == "__main__":
    main()
