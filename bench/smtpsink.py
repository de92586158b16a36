"""A local SMTP sink for the benchmark: it accepts every message, keeps only the time it arrived, and drops it."""

import socketserver
import threading
import time


class SmtpSink:
    def __init__(self):
        self.arrivals = []  # time.monotonic() of each message accepted
        self._lock = threading.Lock()
        owner = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                owner._converse(self.rfile, self.wfile)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    @property
    def count(self):
        return len(self.arrivals)

    def wait_for(self, count, timeout):
        deadline = time.monotonic() + timeout
        while self.count < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.count} of {count} messages arrived")
            time.sleep(0.02)

    def _converse(self, rfile, wfile):
        def reply(line):
            wfile.write(line + b"\r\n")
            wfile.flush()

        reply(b"220 bench.sink ready")
        while line := rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                reply(b"354 End data with <CR><LF>.<CR><LF>")
                while (chunk := rfile.readline()) not in (b".\r\n", b".\n"):
                    if not chunk:
                        return
                with self._lock:
                    self.arrivals.append(time.monotonic())
                reply(b"250 OK: dropped")
            elif verb == b"QUIT":
                reply(b"221 bye")
                return
            else:
                reply(b"250 OK")
