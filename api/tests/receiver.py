"""A webhook receiver for tests: a tiny HTTP server on 127.0.0.1 that records each POST and answers as told."""

import http.server
import threading
from dataclasses import dataclass


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


class Receiver:
    """``answers`` are the statuses given to the POSTs in turn (then 200); ``received`` what came in."""

    def __init__(self, answers=()):
        self.answers = list(answers)
        self.received = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                receiver.received.append(Received(self.path, dict(self.headers), self.rfile.read(length)))
                self.send_response(receiver.answers.pop(0) if receiver.answers else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/govtrack"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
