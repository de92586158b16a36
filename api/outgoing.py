"""Requests to the outside world: only to allowed hosts, and to a non-public address only where allowed.

A host is checked by name against ``WEBHOOK_ALLOWED_HOSTS``, then resolved; every address it resolves to must be
public or inside ``WEBHOOK_ALLOWED_NETWORKS``, and the connection goes to the address that was checked, so a name
that resolves differently a moment later (DNS rebinding) reaches nothing else. Redirects are not followed.
"""

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


class HostRefused(Exception):
    """The address may not be reached; the message says why."""


def host_allowed(host):
    host = host.lower().rstrip(".")
    for pattern in settings.WEBHOOK_ALLOWED_HOSTS:
        pattern = pattern.lower()
        if (
            pattern == "*"
            or host == pattern
            or (pattern.startswith(".") and (host.endswith(pattern) or host == pattern[1:]))
        ):
            return True
    return False


def address_allowed(address):
    ip = ipaddress.ip_address(address)
    if ip.is_global:
        return True
    return any(ip in ipaddress.ip_network(network, strict=False) for network in settings.WEBHOOK_ALLOWED_NETWORKS)


def check_url(url):
    """The URL's (scheme, host, port) when its host is allowed by name, else HostRefused."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HostRefused(_("Only http and https addresses with a host can be sent to."))
    if not host_allowed(parts.hostname):
        raise HostRefused(_("The host %(host)s is not in WEBHOOK_ALLOWED_HOSTS.") % {"host": parts.hostname})
    return parts.scheme, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def resolve_checked(host, port):
    """The first address of ``host`` after checking them all, else HostRefused."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise HostRefused(_("The host %(host)s cannot be resolved: %(error)s") % {"host": host, "error": exc}) from exc
    addresses = [info[4][0] for info in found]
    refused = [address for address in addresses if not address_allowed(address)]
    if refused or not addresses:
        raise HostRefused(
            _("The host %(host)s resolves to an address that is not public: %(address)s")
            % {"host": host, "address": ", ".join(refused)}
        )
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url, body, headers, *, timeout):
    """POST ``body`` (bytes) to an allowed ``url``; returns the response status. Raises HostRefused or OSError."""
    scheme, host, port = check_url(url)
    address = resolve_checked(host, port)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(host, port, address, timeout=timeout)
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        response.read(65536)
        return response.status
    finally:
        connection.close()
