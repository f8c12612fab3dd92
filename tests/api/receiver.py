"""A real webhook receiver on loopback: it records what arrives and answers as a test tells it to."""

import http.server
import threading
import time
from contextlib import contextmanager


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.received.append({"headers": dict(self.headers), "body": body})
        time.sleep(self.server.delay)
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@contextmanager
def receiver(*, status: int = 200, delay: float = 0.0):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.received, server.status, server.delay = [], status, delay
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/nasenco"
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
