"""Facts about the request that several apps need."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address the request came from, or "" when it cannot be told.

    Behind TRUSTED_PROXY_COUNT reverse proxies, each appends the address it received the
    request from to X-Forwarded-For, so the client is that many entries from the right; any
    entries further left were written by the client and are not trusted. Without proxies
    (the default) the header is ignored entirely: anyone can send it.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return ""
