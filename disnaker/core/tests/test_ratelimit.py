"""The shared fixed-window counters: clearing one and the time left in a window."""

import time

from disnaker.core import ratelimit


def test_clear_forgets_one_subjects_events_only(db):
    for _ in range(3):
        ratelimit.hit(scope="uji", subject="a@contoh.id", limit=2, window=3600)
    ratelimit.hit(scope="uji", subject="b@contoh.id", limit=2, window=3600)
    assert not ratelimit.hit(scope="uji", subject="a@contoh.id", limit=2, window=3600)
    assert ratelimit.clear(scope="uji", subject="A@Contoh.id ", window=3600)
    assert ratelimit.peek(scope="uji", subject="a@contoh.id", window=3600) == 0
    assert ratelimit.peek(scope="uji", subject="b@contoh.id", window=3600) == 1
    assert ratelimit.hit(scope="uji", subject="a@contoh.id", limit=2, window=3600)
    assert not ratelimit.clear(scope="uji", subject="c@contoh.id", window=3600)


def test_seconds_left_is_the_rest_of_the_current_window(db):
    window = 3600
    left = ratelimit.seconds_left(window=window)
    assert 1 <= left <= window
    assert abs(left - (window - time.time() % window)) <= 1
