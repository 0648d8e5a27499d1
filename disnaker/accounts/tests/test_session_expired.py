"""A session that ended sends the user to the sign-in page with a word, and back to the page after signing in;
a first visit and a sign-out on purpose get no such word; ``next`` is only ever a path of this site."""

from __future__ import annotations

import pytest
from django.urls import reverse

from disnaker.accounts.tests.factories import PASSWORD
from disnaker.accounts.views.auth import SIGNED_IN_BEFORE_COOKIE, local_path

LOGIN = reverse("accounts:login")
EXPIRED = "Sesi Anda berakhir, silakan masuk lagi."
PAGE = reverse("pkwt:list")


def _sign_in(client, user, next_url=""):
    data = {"username": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN + (f"?next={next_url}" if next_url else ""), data)


def test_an_ended_session_is_told_and_brought_back(client, alice):
    assert _sign_in(client, alice).status_code == 302
    assert client.cookies[SIGNED_IN_BEFORE_COOKIE].value == "1"
    assert client.cookies[SIGNED_IN_BEFORE_COOKIE]["httponly"]
    client.session.flush()  # what the end of SESSION_COOKIE_AGE does: the server forgets the session
    client.cookies.pop("sessionid", None)

    to_login = client.get(PAGE)
    assert to_login.status_code == 302 and to_login.url == f"{LOGIN}?next={PAGE}"
    page = client.get(to_login.url).content.decode()
    assert EXPIRED in page and 'role="status"' in page
    assert f'name="next" value="{PAGE}"' in page

    back = _sign_in(client, alice, PAGE)
    assert back.status_code == 302 and back.url == PAGE
    assert client.get(PAGE).status_code == 200


def test_a_first_visit_gets_no_word(client, db):
    assert EXPIRED not in client.get(LOGIN).content.decode()
    to_login = client.get(PAGE)
    assert EXPIRED not in client.get(to_login.url).content.decode()


def test_a_sign_out_on_purpose_gets_no_word(client, alice):
    _sign_in(client, alice)
    client.post(reverse("accounts:logout"))
    assert client.cookies[SIGNED_IN_BEFORE_COOKIE].value == ""  # deleted
    page = client.get(client.get(PAGE).url).content.decode()
    assert EXPIRED not in page and "Masuk" in page


def test_the_sign_in_page_without_next_gets_no_word(client, alice):
    _sign_in(client, alice)
    client.session.flush()
    client.cookies.pop("sessionid", None)
    assert EXPIRED not in client.get(LOGIN).content.decode()


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "http://testserver/pkwt/permohonan/",  # even our own host written in full: a path only
        "javascript:alert(1)",
        "pkwt/permohonan/",
    ],
)
def test_next_is_only_a_local_path(client, alice, target):
    assert local_path(target) == ""
    response = _sign_in(client, alice, target)
    assert response.status_code == 302 and response.url == reverse("accounts:dashboard")


def test_a_local_path_with_its_query_is_kept():
    assert local_path("/pkwt/permohonan/?status=submitted&q=a") == "/pkwt/permohonan/?status=submitted&q=a"


def test_an_htmx_request_after_the_session_ended_sends_the_whole_page_to_sign_in(client, alice):
    _sign_in(client, alice)
    client.session.flush()
    client.cookies.pop("sessionid", None)
    response = client.get(
        PAGE + "?status=draft",
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{PAGE}?status=draft"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{LOGIN}?next=%2Fpermohonan%2F%3Fstatus%3Ddraft"
    page = client.get(response["HX-Redirect"]).content.decode()
    assert EXPIRED in page and 'name="next" value="/permohonan/?status=draft"' in page


def test_an_htmx_request_of_a_signed_in_user_is_left_alone(client, alice):
    client.force_login(alice)
    response = client.get(PAGE, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "HX-Redirect" not in response
