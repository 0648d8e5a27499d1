"""Every queue answers an htmx request (its filter form, a pagination link) with its rows partial only
(``core.pages.render_queue``), and the whole page otherwise; the partial is the one table of
``includes/table.html`` with its pagination, whose links work with and without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from disnaker.accounts.tests.factories import AccountRequestFactory

pytestmark = pytest.mark.django_db

QUEUES = [
    ("accounts:account_request_queue", "vera", {"status": ""}),
    ("pkwt:office_queue", "vera", {}),
    ("placement:office_bkk_queue", "vera", {"status": ""}),
    ("placement:office_proposal_queue", "vera", {}),
    ("placement:office_officers", "vera", {}),
    ("placement:province_queue", "prita", {}),
    ("training:list", "vera", {}),
    ("guidance:activity_list", "vera", {}),
    ("guidance:report_list", "vera", {}),
]


@pytest.mark.parametrize(("name", "persona", "params"), QUEUES, ids=[q[0] for q in QUEUES])
def test_an_htmx_request_gets_only_the_rows(request, client, name, persona, params):
    client.force_login(request.getfixturevalue(persona))
    url = reverse(name)
    page = client.get(url, params)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<html" in html and 'id="rows"' in html
    assert f'hx-get="{url}"' in html and 'hx-target="#rows"' in html and 'hx-push-url="true"' in html

    rows = client.get(url, params, HTTP_HX_REQUEST="true")
    assert rows.status_code == 200
    partial = rows.content.decode()
    assert "<html" not in partial and "<form" not in partial.split("<table")[0]
    assert 'id="rows"' not in partial  # the page's wrapper stays; htmx swaps what is inside it
    assert '<table class="table table-list table-stack' in partial


def test_a_boosted_request_gets_the_whole_page(client, vera):
    client.force_login(vera)
    response = client.get(
        reverse("placement:office_bkk_queue"), HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true"
    )
    assert "<html" in response.content.decode()


def test_an_empty_queue_says_so_in_the_table(client, vera):
    client.force_login(vera)
    partial = client.get(reverse("accounts:account_request_queue"), HTTP_HX_REQUEST="true").content.decode()
    assert '<tr class="table-empty">' in partial and "Tidak ada permohonan." in partial


def test_the_pagination_links_work_with_and_without_htmx(client, vera, office):
    AccountRequestFactory.create_batch(26)
    client.force_login(vera)
    url = reverse("accounts:account_request_queue")
    first = client.get(url, {"q": "PT"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'href="?q=PT&amp;halaman=2"' in first or 'href="?status=submitted&amp;q=PT&amp;halaman=2"' in first
    assert 'hx-get="?q=PT&amp;halaman=2"' in first and 'hx-target="#rows"' in first
    second = client.get(url, {"q": "PT", "halaman": "2"})
    assert len(second.context["page"].object_list) == 1 and "<html" in second.content.decode()
    partial = client.get(url, {"q": "PT", "halaman": "2"}, HTTP_HX_REQUEST="true")
    assert len(partial.context["page"].object_list) == 1 and "<html" not in partial.content.decode()
    # The page number's old name still works for bookmarked links.
    assert client.get(url, {"page": "2"}).context["page"].number == 2


def test_an_invalid_filter_is_a_400_with_the_rows(client, vera):
    client.force_login(vera)
    response = client.get(
        reverse("placement:office_bkk_queue"), {"status": "bukan-status"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "<html" not in response.content.decode()
