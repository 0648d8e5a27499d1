from __future__ import annotations

import pytest

from disnaker.decrees.tests.helpers import registration_with_workers


@pytest.fixture
def registration(alice, office):
    return registration_with_workers(alice, office, 3)
