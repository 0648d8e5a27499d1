"""The main menu is built from the permission predicates: each persona sees its own entries, the current page
is marked, and the menu on the page is the one built in Python."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from disnaker.portal.navigation import menu_for


def _labels(user, here=("", "")) -> list[str]:
    return [item.label for item in menu_for(user, here)]


@pytest.mark.django_db
def test_each_persona_sees_its_own_menu(alice, vera, hana, prita, mira, bima, putri, adam):
    assert _labels(alice) == ["Dashboard", "Permohonan", "Uang Kompensasi", "Pengaturan"]
    assert _labels(vera) == ["Dashboard", "Pencatatan PKWT", "BKK & PAK", "Permohonan Akun"]
    # The head also has the signing queue of every kind (decrees.batch).
    assert _labels(hana) == [
        "Dashboard",
        "Antrean Tanda Tangan",
        "Pencatatan PKWT",
        "BKK & PAK",
        "Permohonan Akun",
    ]
    assert _labels(bima) == ["Dashboard", "BKK Saya", "Usulan PAK", "Laporan Penempatan", "Pembinaan"]
    assert _labels(putri) == [
        "Dashboard",
        "Profil Saya",
        "Pelatihan Saya",
    ]
    assert _labels(prita) == ["Dashboard", "Verifikasi PAK", "Laporan Masuk", "Pemantauan"]
    assert _labels(mira) == ["Dashboard", "Pemantauan Nasional"]
    assert _labels(adam) == ["Dashboard", "Permohonan Akun", "Administrasi"]
    assert menu_for(AnonymousUser()) == []


@pytest.mark.django_db
def test_the_monitoring_menu_leads_the_province_to_pkwt_too(prita):
    [monitoring] = [item for item in menu_for(prita) if item.children]
    urls = [child.url for child in monitoring.children if child is not None]
    assert reverse("pkwt:office_dashboard") in urls and reverse("pkwt:office_queue") in urls
    assert None in monitoring.children  # a divider


@pytest.mark.django_db
def test_the_current_page_is_marked(vera, alice):
    assert [i.label for i in menu_for(vera, ("pkwt", "office_review")) if i.active] == ["Pencatatan PKWT"]
    assert [i.label for i in menu_for(vera, ("placement", "office_bkk_queue")) if i.active] == ["BKK & PAK"]
    assert [i.label for i in menu_for(alice, ("pkwt", "edit")) if i.active] == ["Permohonan"]


@pytest.mark.django_db
def test_a_user_who_must_change_the_initial_password_gets_no_menu(alice):
    alice.must_change_password = True
    assert menu_for(alice) == []


@pytest.mark.django_db
def test_the_page_draws_the_built_menu(client, vera):
    client.force_login(vera)
    html = client.get(reverse("pkwt:office_queue")).content.decode()
    assert f'<a class="nav-link active" aria-current="page" href="{reverse("pkwt:office_queue")}">' in html
    assert f'href="{reverse("placement:office_bkk_queue")}">Pendaftaran BKK</a>' in html
    assert f'href="{reverse("accounts:two_factor")}"' in html  # office staff may enrol 2FA
