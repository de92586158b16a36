"""Headers set by the reverse proxy are believed only when the request comes from it.

``X-Forwarded-Proto`` tells Django a request came over HTTPS (``SECURE_PROXY_SSL_HEADER``) and
``X-Forwarded-For`` who sent it (the address sign-in throttling counts). Anyone can send them: coming from
an address in ``TRUSTED_PROXIES`` they are kept and the client's address is taken from ``X-Forwarded-For``;
coming from anywhere else they are removed before any other middleware reads them.
"""

import ipaddress

from django.conf import settings

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST", "HTTP_FORWARDED")


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


class TrustedProxyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.proxies = [ipaddress.ip_network(entry, strict=False) for entry in settings.TRUSTED_PROXIES]

    def trusted(self, address):
        return address is not None and any(address in network for network in self.proxies)

    def __call__(self, request):
        meta = request.META
        if self.trusted(_address(meta.get("REMOTE_ADDR", ""))):
            # The proxy appends the address it was reached from: the last one not a proxy of ours is the client.
            for entry in reversed(meta.get("HTTP_X_FORWARDED_FOR", "").split(",")):
                address = _address(entry)
                if address is not None and not self.trusted(address):
                    meta["REMOTE_ADDR"] = str(address)
                    break
        else:
            for header in FORWARDED_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)
