"""Every URL × every persona, with the expected status. Cross-tenant access answers 404."""

import pytest
from django.urls import reverse

PERSONAS = ["anonymous", "alice", "bob", "vera", "oscar", "hana", "adam"]

# (name, method, url builder, {persona: expected status}); "login" means a redirect to the sign-in page.
PUBLIC = {p: 200 for p in PERSONAS}
SIGNED_IN = {"anonymous": "login", **{p: 200 for p in PERSONAS[1:]}}
TABLE = [
    (
        "login page",
        "get",
        lambda ar: reverse("accounts:login"),
        {"anonymous": 200, **{p: 302 for p in PERSONAS[1:]}},
    ),
    ("request form", "get", lambda ar: reverse("accounts:account_request_create"), PUBLIC),
    ("terms", "get", lambda ar: reverse("accounts:terms"), PUBLIC),
    ("track", "get", lambda ar: reverse("accounts:track"), PUBLIC),
    ("forgot password", "get", lambda ar: reverse("accounts:password_reset"), PUBLIC),
    ("dashboard", "get", lambda ar: reverse("accounts:dashboard"), SIGNED_IN),
    ("change password", "get", lambda ar: reverse("accounts:password_change"), SIGNED_IN),
    (
        "company Permohonan",
        "get",
        lambda ar: reverse("pkwt:list"),
        {"anonymous": "login", "alice": 200, "bob": 200, "vera": 404, "oscar": 404, "hana": 404, "adam": 404},
    ),
    (
        "company Pengaturan",
        "get",
        lambda ar: reverse("accounts:settings"),
        {"anonymous": "login", "alice": 200, "bob": 200, "vera": 404, "oscar": 404, "hana": 404, "adam": 404},
    ),
    (
        "account request queue",
        "get",
        lambda ar: reverse("accounts:account_request_queue"),
        {"anonymous": "login", "alice": 403, "bob": 403, "vera": 200, "oscar": 200, "hana": 200, "adam": 200},
    ),
    (
        "account request detail",
        "get",
        lambda ar: reverse("accounts:account_request_detail", args=[ar.pk]),
        {"anonymous": "login", "alice": 403, "bob": 403, "vera": 200, "oscar": 404, "hana": 200, "adam": 200},
    ),
    (
        "account request document",
        "get",
        lambda ar: reverse("accounts:account_request_document", args=[ar.pk, "ktp_image"]),
        {"anonymous": "login", "alice": 403, "bob": 403, "vera": 200, "oscar": 404, "hana": 200, "adam": 404},
    ),
    (
        "approve",
        "post",
        lambda ar: reverse("accounts:account_request_approve", args=[ar.pk]),
        {"anonymous": "login", "alice": 403, "bob": 403, "vera": 302, "oscar": 404, "hana": 403, "adam": 403},
    ),
    (
        "reject",
        "post",
        lambda ar: reverse("accounts:account_request_reject", args=[ar.pk]),
        {"anonymous": "login", "alice": 403, "bob": 403, "vera": 302, "oscar": 404, "hana": 403, "adam": 403},
    ),
    ("admin site", "get", lambda ar: "/admin/", {"anonymous": 302, "alice": 302, "vera": 302, "adam": 200}),
    # Only someone who must use two-factor login and has not yet given a code stays on these two pages
    # (test_two_factor.py); everyone else is sent on.
    (
        "second step",
        "get",
        lambda ar: reverse("accounts:otp_verify"),
        {"anonymous": "login", **{p: 302 for p in PERSONAS[1:]}},
    ),
    (
        "enrol a phone",
        "get",
        lambda ar: reverse("accounts:otp_enrol"),
        {"anonymous": "login", **{p: 302 for p in PERSONAS[1:]}},
    ),
    ("two-factor status", "get", lambda ar: reverse("accounts:two_factor"), SIGNED_IN),
]

CASES = [
    pytest.param(name, method, url, persona, expected, id=f"{name}-{persona}")
    for name, method, url, table in TABLE
    for persona, expected in table.items()
]


@pytest.mark.parametrize(("name", "method", "url", "persona", "expected"), CASES)
def test_authorization_table(request, client, account_request, name, method, url, persona, expected):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    path = url(account_request)
    data = {"note": "Dokumen tidak terbaca dengan jelas"} if method == "post" else None
    response = getattr(client, method)(path, data)
    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected, (name, persona, response.status_code)


def test_a_cross_tenant_attempt_is_audited(client, account_request, oscar):
    from disnaker.core.constants import AuditAction
    from disnaker.core.models import AuditLog

    client.force_login(oscar)
    assert (
        client.get(reverse("accounts:account_request_detail", args=[account_request.pk])).status_code == 404
    )
    assert AuditLog.objects.filter(action=AuditAction.ACCESS_DENIED, actor=oscar).exists()


def test_another_offices_verifier_does_not_see_the_request_in_the_queue(client, account_request, oscar):
    client.force_login(oscar)
    page = client.get(reverse("accounts:account_request_queue")).context["page"]
    assert list(page.object_list) == []
