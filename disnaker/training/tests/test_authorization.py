"""Every training URL × every persona, with the expected status. Out-of-scope objects answer 404; a role
that has no business on the page answers 403; anonymous users go to the sign-in page.

The training is vera's office's (Kabupaten Bekasi), started yesterday and ending today; putri (pak) is
invited; for the certificate row she attended and hana signed her certificate."""

import pytest
from django.urls import reverse

from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.models import Decree

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "alice", "vera", "hana", "oscar", "prita", "mira", "bima", "putri"]


def _row(**expected):
    table = {"anonymous": "login", "alice": 403, "bima": 403, "putri": 403}
    table.update(expected)
    assert set(table) == set(PERSONAS), set(PERSONAS) - set(table)
    return table


VIEW = _row(vera=200, hana=200, oscar=404, prita=200, mira=200)
RECORD = _row(vera=200, hana=200, oscar=200, prita=200, mira=403)
MANAGE_GET = _row(vera=200, hana=200, oscar=404, prita=403, mira=403)
MANAGE_POST = _row(vera=302, hana=302, oscar=404, prita=403, mira=403)

# (name, method, fixture, url builder, {persona: expected})
TABLE = [
    ("list", "get", "training", lambda o: reverse("training:list"), _row(vera=200, hana=200, oscar=200, prita=200, mira=200)),
    ("create form", "get", "training", lambda o: reverse("training:create"), RECORD),
    ("create post", "post", "training", lambda o: reverse("training:create"), _row(vera=400, hana=400, oscar=400, prita=400, mira=403)),
    ("detail", "get", "training", lambda o: reverse("training:detail", args=[o.pk]), VIEW),
    ("edit form", "get", "training", lambda o: reverse("training:edit", args=[o.pk]), MANAGE_GET),
    ("edit post", "post", "training", lambda o: reverse("training:edit", args=[o.pk]), _row(vera=400, hana=400, oscar=404, prita=403, mira=403)),
    ("invite page", "get", "training", lambda o: reverse("training:invite", args=[o.pk]), MANAGE_GET),
    ("invite post", "post", "training", lambda o: reverse("training:invite", args=[o.pk]), MANAGE_POST),
    ("remove invitation", "post", "participant", lambda p: reverse("training:participant_remove", args=[p.training_id, p.pk]), MANAGE_POST),
    ("attendance page", "get", "participant", lambda p: reverse("training:attendance", args=[p.training_id]), MANAGE_GET),
    ("attendance post", "post", "participant", lambda p: reverse("training:attendance", args=[p.training_id]), MANAGE_POST),
    ("issue certificates", "post", "participant", lambda p: reverse("training:certificates_issue", args=[p.training_id]),
     _row(vera=403, hana=302, oscar=404, prita=403, mira=403)),
    ("certificate pdf", "get", "certified", lambda p: reverse("training:certificate", args=[p.pk]),
     _row(alice=404, vera=200, hana=200, oscar=404, prita=200, mira=200, bima=200, putri=200)),
    ("certificate preview", "get", "participant", lambda p: reverse("training:certificate_preview", args=[p.pk]),
     _row(alice=404, vera=200, hana=200, oscar=404, prita=403, mira=403, bima=403, putri=403)),
    ("my trainings", "get", "participant", lambda p: reverse("training:my_trainings"),
     _row(vera=403, hana=403, oscar=403, prita=403, mira=403, putri=200)),
    ("public verification", "get", "certified",
     lambda p: reverse("decrees:verify", args=[Decree.objects.get(kind=DecreeKind.TRAINING_CERTIFICATE).token]),
     {p: 200 for p in PERSONAS}),
]  # fmt: skip

CASES = [
    pytest.param(name, method, fixture, url, persona, expected, id=f"{name}-{persona}")
    for name, method, fixture, url, table in TABLE
    for persona, expected in table.items()
]


@pytest.mark.parametrize(("name", "method", "fixture", "url", "persona", "expected"), CASES)
def test_authorization_table(request, client, name, method, fixture, url, persona, expected):
    obj = request.getfixturevalue(fixture)
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = getattr(client, method)(url(obj), {} if method == "post" else None)
    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected, (name, persona, response.status_code)


def test_every_training_url_is_in_the_table():
    from disnaker.training.urls import urlpatterns

    tested = {
        "list", "create", "detail", "edit", "invite", "participant_remove", "attendance", "certificates_issue",
        "certificate", "certificate_preview", "my_trainings",
    }  # fmt: skip
    assert {p.name for p in urlpatterns} == tested


def test_an_out_of_scope_attempt_is_audited(client, oscar, training):
    from disnaker.core.constants import AuditAction
    from disnaker.core.models import AuditLog

    client.force_login(oscar)
    assert client.get(reverse("training:detail", args=[training.pk])).status_code == 404
    assert AuditLog.objects.filter(action=AuditAction.ACCESS_DENIED, actor=oscar).exists()
