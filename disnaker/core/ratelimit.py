"""Fixed-window request counters in Django's cache, shared by every page, form and API that limits use.

A counter is keyed by a *scope* (what is limited: ``"password-reset"``) and a *subject* (who or what is
counted: the client IP, a recipient's e-mail, an account). Subjects are hashed before they become cache
keys, so no e-mail address or IP sits in the cache in clear. The cache must be shared by every web process
and the task worker (``CACHES``; see settings) for a limit to hold across processes.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

from disnaker.core.audit import client_ip


def _key(scope: str, subject: str, bucket: int) -> str:
    digest = hashlib.sha256(subject.strip().lower().encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{bucket}"


def hit(*, scope: str, subject: str, limit: int, window: int = 60) -> bool:
    """Count one event for ``subject``; ``False`` once it made more than ``limit`` in the current window."""
    bucket = int(time.time() // window)
    key = _key(scope, subject, bucket)
    if cache.add(key, 1, timeout=window + 5):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window + 5)
        count = 1
    return count <= limit


def peek(*, scope: str, subject: str, window: int = 60) -> int:
    """How many events ``subject`` has in the current window, without counting one."""
    bucket = int(time.time() // window)
    return int(cache.get(_key(scope, subject, bucket)) or 0)


def allow(request, *, scope: str, limit: int, window: int = 60) -> bool:
    """Count this request against its client IP; ``False`` once that IP made more than ``limit``."""
    return hit(scope=scope, subject=client_ip(request) or "unknown", limit=limit, window=window)


def clear(*, scope: str, subject: str, window: int = 60) -> bool:
    """Forget ``subject``'s events in the current window (e.g. a completed password reset lifts a lock);
    ``True`` if there were any."""
    bucket = int(time.time() // window)
    key = _key(scope, subject, bucket)
    had = bool(cache.get(key))
    cache.delete(key)
    return had


def seconds_left(*, window: int = 60) -> int:
    """Seconds until the current window ends, i.e. until a subject over its limit may try again."""
    return max(1, int(window - time.time() % window))
