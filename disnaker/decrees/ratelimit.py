"""A fixed-window request counter per client IP in Django's cache (enough for one public page).

With the default local-memory cache each server process counts on its own; configure a shared cache
(``CACHES``) when running several processes behind a load balancer."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

from disnaker.core.audit import client_ip


def allow(request, *, scope: str, limit: int, window: int = 60) -> bool:
    """Count this request; ``False`` once the client made more than ``limit`` in the current window."""
    ip = client_ip(request) or "unknown"
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{hashlib.sha256(ip.encode()).hexdigest()[:32]}:{bucket}"
    if cache.add(key, 1, timeout=window + 5):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window + 5)
        count = 1
    return count <= limit
