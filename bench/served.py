"""What the benchmarks that talk to a server over HTTP share (the morning rush, beside Redmine): a free port on
the loopback and signed-in sessions."""

import socket
import subprocess
import time
from importlib import import_module


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _store():
    from django.conf import settings

    return import_module(settings.SESSION_ENGINE).SessionStore


def serve(command, *, cwd, env, stdout=None):
    """Start the server of ``command`` and return its process once it answers on the port it was given (the
    number after ``--bind 127.0.0.1:``), or stop it and fail after a minute."""
    port = int(command[command.index("--bind") + 1].rsplit(":", 1)[1])
    server = subprocess.Popen(command, cwd=cwd, env=env, stdout=stdout)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def sign_in(user):
    """A session for ``user`` as django.contrib.auth.login writes it, in the configured session store; returns its
    key (the cookie's value)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from accounts.middleware import LOGIN_TIME_KEY, RENEWED_KEY

    session = _store()()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.RoleModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[LOGIN_TIME_KEY] = session[RENEWED_KEY] = time.time()
    session.save()
    return session.session_key


def sign_out(keys):
    """Delete the sessions of ``keys``."""
    _store().get_model_class().objects.filter(session_key__in=keys).delete()
