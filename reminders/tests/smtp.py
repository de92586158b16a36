"""A small SMTP server for the tests: it keeps what it accepts, and can refuse or stall on purpose.

A message counts as delivered only when the server has answered 250 to the end of its DATA, as with
any real server, so a client that dies while the server stalls has delivered nothing.
"""

import email
import email.policy
import socketserver
import threading
import time


class MailServer:
    ACCEPT, FAIL, STALL = "accept", "fail", "stall"
    #: Whether to keep each message (a benchmark keeps only the time it arrived).
    keep_messages = True

    def __init__(self):
        self.mode = self.ACCEPT
        self.messages = []
        self.arrivals = []  # time.monotonic() of each message accepted
        self.connections = 0  # SMTP sessions opened by clients
        self.mails = 0  # MAIL commands received
        self.refused_mails = set()  # which MAIL commands (1 for the first) to refuse, whatever the mode
        self.stalled = threading.Event()  # set while a client waits on a stalled DATA
        self._release = threading.Event()
        self._lock = threading.Lock()
        owner = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                with owner._lock:
                    owner.connections += 1
                owner._converse(self)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

    def set_mode(self, mode):
        self.mode = mode
        if mode != self.STALL:
            self._release.set()
        else:
            self._release.clear()

    def wait_until_stalled(self, timeout):
        if not self.stalled.wait(timeout):
            raise TimeoutError("no client reached the stalled DATA")

    @property
    def count(self):
        return len(self.arrivals)

    def wait_for(self, count, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.count >= count:
                return self.messages
            time.sleep(0.02)
        raise TimeoutError(f"{self.count} of {count} messages arrived")

    def _converse(self, handler):
        def reply(line):
            handler.wfile.write(line.encode() + b"\r\n")
            handler.wfile.flush()

        reply("220 test.smtp ready")
        recipients = []
        while True:
            line = handler.rfile.readline()
            if not line:
                return
            command = line.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                reply("250 test.smtp")
            elif verb == "MAIL":
                with self._lock:
                    self.mails += 1
                    refused = self.mails in self.refused_mails
                if self.mode == self.FAIL or refused:
                    reply("451 4.3.0 Mail server temporarily unavailable")
                else:
                    recipients = []
                    reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                reply("250 OK")
            elif verb == "DATA":
                reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while True:
                    chunk = handler.rfile.readline()
                    if not chunk:
                        return  # the client went away: nothing was delivered
                    if chunk in (b".\r\n", b".\n"):
                        break
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                if self.mode == self.STALL:
                    self.stalled.set()
                    self._release.wait(120)
                    self.stalled.clear()
                    return  # hang up without 250: not delivered
                with self._lock:
                    self.arrivals.append(time.monotonic())
                    if self.keep_messages:
                        message = email.message_from_bytes(b"".join(data), policy=email.policy.default)
                        self.messages.append((recipients, message))
                reply("250 OK: queued")
            elif verb == "RSET":
                recipients = []
                reply("250 OK")
            elif verb == "NOOP":
                reply("250 OK")
            elif verb == "QUIT":
                reply("221 Bye")
                return
            else:
                reply("502 Command not implemented")
