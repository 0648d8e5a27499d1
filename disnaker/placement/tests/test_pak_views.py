"""The PAK pages through the test client: proposals, the office's decision, the invitation and profile,
the province's verification and the report to the province; and who may open each page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disnaker.core.tests.files import make_image, make_pdf
from disnaker.notifications.models import OutboxMessage
from disnaker.placement import services
from disnaker.placement.constants import AppointmentStatus, ProfileStatus, ProposalStatus
from disnaker.placement.models import PakProfile, PakProposal, PlacementOfficer, ProvinceReport

from .helpers import appointed_officers, candidate_data, pak_nik, registered_profile, submitted_proposal

pytestmark = pytest.mark.django_db


def _pdf(name="x.pdf"):
    return SimpleUploadedFile(name, make_pdf(), content_type="application/pdf")


def _candidate_post(proposal, **overrides) -> dict:
    data = {k: v for k, v in candidate_data().items() if k != "proposal_letter"}
    data.update(proposal_letter=_pdf("usulan.pdf"))
    for requirement in services.requirements_for(proposal.office):
        data[f"evidence_{requirement.pk}"] = _pdf(f"bukti{requirement.pk}.pdf")
    data.update(overrides)
    return data


def test_operator_proposes_two_candidates_and_sends(client, bima):
    client.force_login(bima)
    response = client.post(reverse("placement:proposal_new"))
    proposal = PakProposal.objects.get(bkk=bima.bkk)
    assert response.url == reverse("placement:proposal_edit", args=[proposal.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'for="id_nik"' in html and "Bukti: Pegawai pada satuan pendidikan" in html
    assert "Tambahkan minimal satu calon PAK" in html
    for _i in range(2):
        assert client.post(response.url, _candidate_post(proposal)).status_code == 302
    assert proposal.candidates.count() == 2
    submit = reverse("placement:proposal_submit", args=[proposal.pk])
    # The institution's letter is required, its errors shown next to its fields.
    refused = client.post(submit, {"letter_number": "", "letter_date": "2999-01-01"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'id="id_letter_number_error"' in html and 'id="id_letter_date_error"' in html
    assert "tidak boleh setelah hari ini" in html and "Isi nomor surat usulan dari kepala lembaga" in html
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    sent = client.post(submit, {"letter_number": " 421.5/77/SMK/XII/2026 ", "letter_date": "2026-12-01"})
    assert sent.url == reverse("placement:proposal_detail", args=[proposal.pk])
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.letter_number == "421.5/77/SMK/XII/2026" and str(proposal.letter_date) == "2026-12-01"
    detail = client.get(sent.url).content.decode()
    nik = proposal.candidates.first().nik
    assert nik not in detail and nik[:6] + "******" + nik[-4:] in detail


def test_a_bad_nik_is_shown_next_to_the_field_and_the_pdf_checked(client, bima):
    client.force_login(bima)
    proposal = services.proposal_open(actor=bima)
    bad = _candidate_post(
        proposal, nik="3.21605E+15", proposal_letter=SimpleUploadedFile("a.pdf", b"not a pdf")
    )
    response = client.post(reverse("placement:proposal_edit", args=[proposal.pk]), bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_nik_error"' in html and "NIK harus 16 digit" in html
    assert 'id="id_proposal_letter_error"' in html
    assert proposal.candidates.count() == 0


def test_verifier_and_head_decide_through_the_pages(client, bima, vera, hana):
    proposal = submitted_proposal(bima, count=2)
    client.force_login(vera)
    queue = client.get(reverse("placement:office_proposal_queue")).content.decode()
    assert bima.bkk.name in queue
    review = client.get(reverse("placement:office_proposal_review", args=[proposal.pk])).content.decode()
    assert "Verifikasi dan teruskan" in review
    refused = client.post(
        reverse("placement:office_proposal_decide", args=[proposal.pk, "perbaikan"]), {"note": ""}
    )
    assert refused.status_code == 400 and "Tuliskan apa yang harus diperbaiki" in refused.content.decode()
    client.post(reverse("placement:office_proposal_decide", args=[proposal.pk, "verifikasi"]), {"note": ""})
    client.force_login(hana)
    done = client.post(reverse("placement:office_proposal_decide", args=[proposal.pk, "tetapkan"]))
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPOINTED
    page = client.get(reverse("placement:office_proposal_review", args=[proposal.pk])).content.decode()
    assert "Lihat PDF" in page and "SK Penetapan" in page


def test_a_verifier_cannot_sign(client, bima, vera):
    proposal = submitted_proposal(bima)
    services.proposal_verify(proposal=proposal, actor=vera)
    client.force_login(vera)
    response = client.post(reverse("placement:office_proposal_decide", args=[proposal.pk, "tetapkan"]))
    assert response.status_code == 400
    assert PakProposal.objects.get(pk=proposal.pk).status == ProposalStatus.VERIFIED


def test_invitation_sets_a_password_and_leads_to_the_profile(client, pak):
    mail = OutboxMessage.objects.get(to=pak.email, kind="pak_invitation")
    link = next(word for word in mail.body.split() if "/pak/undangan/" in word)
    path = link[link.index("/pak/undangan/") :]
    page = client.get(path)
    assert page.status_code == 200 and pak.name in page.content.decode()
    mismatch = client.post(path, {"password1": "Rahasia-PAK-2026", "password2": "lain"})
    assert mismatch.status_code == 400 and "Kedua kata sandi tidak sama" in mismatch.content.decode()
    response = client.post(path, {"password1": "Rahasia-PAK-2026", "password2": "Rahasia-PAK-2026"})
    assert response.url == reverse("placement:my_profile")
    assert PakProfile.objects.get(officer=pak).status == ProfileStatus.PROFILE_INCOMPLETE
    assert client.get(path).status_code == 404  # used once


def test_profile_is_saved_then_submitted(client, pak):
    services.invitation_accept(user=pak.profile.user, password="Rahasia-PAK-2026")
    client.force_login(pak.profile.user)
    url = reverse("placement:my_profile")
    base = {"phone": "081355556666", "education_level": "s1", "birth_place": "Bekasi"}
    assert client.post(url, {**base, "simpan": "1"}).status_code == 302
    refused = client.post(url, {**base, "kirim": "1"})
    assert refused.status_code == 400 and "Lengkapi dulu" in refused.content.decode()
    full = {
        **base, "birth_date": "1990-04-12", "sex": "P", "address": "Cikarang", "education_institution": "UNJ",
        "graduation_year": "2012", "work_history": "2013, Guru BK", "trainings_attended": "",
        "photo": SimpleUploadedFile("f.jpg", make_image("JPEG"), content_type="image/jpeg"), "kirim": "1",
    }  # fmt: skip
    assert client.post(url, full).status_code == 302
    assert PakProfile.objects.get(officer=pak).status == ProfileStatus.AWAITING_VERIFICATION
    photo = client.get(reverse("placement:candidate_document", args=[pak.pk, "foto"]))
    assert photo.status_code == 200


def test_province_verifies_and_rejects_through_the_pages(client, putri, prita):
    profile = putri.pak_profile
    client.force_login(prita)
    queue = client.get(reverse("placement:province_queue")).content.decode()
    assert profile.officer.name in queue
    review = client.get(reverse("placement:province_review", args=[profile.pk])).content.decode()
    nik = profile.officer.nik
    # The verifier of identity sees it masked and reveals it one at a time (test_privacy.py).
    assert nik not in review and nik[:6] + "******" + nik[-4:] in review
    assert reverse("placement:officer_reveal_nik", args=[profile.officer.pk]) in review
    refused = client.post(reverse("placement:province_decide", args=[profile.pk, "tolak"]), {"note": ""})
    assert refused.status_code == 400 and "Alasan penolakan wajib diisi" in refused.content.decode()
    client.post(reverse("placement:province_decide", args=[profile.pk, "tolak"]), {"note": "Foto buram"})
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.VERIFICATION_REJECTED
    client.force_login(putri)
    assert "Foto buram" in client.get(reverse("placement:my_profile")).content.decode()


def test_head_sends_the_report_from_the_page(client, bima, vera, hana, office):
    officers = appointed_officers(bima, vera, hana, count=2)
    client.force_login(vera)
    page = client.get(reverse("placement:office_report")).content.decode()
    assert "Kepala Dinas" in page and all(f'value="{o.pk}" id="pak-{o.pk}" checked' in page for o in officers)
    assert client.post(reverse("placement:office_report"), {"pak": [officers[0].pk]}).status_code == 400
    client.force_login(hana)
    response = client.post(reverse("placement:office_report"), {"pak": [officers[0].pk], "note": ""})
    assert response.status_code == 302
    report = ProvinceReport.objects.get()
    assert report.officer_count == 1
    assert PlacementOfficer.objects.get(pk=officers[0].pk).last_report == report


def test_end_of_appointment_from_the_page(client, pak, vera):
    client.force_login(vera)
    url = reverse("placement:office_officer_end", args=[pak.pk])
    response = client.post(url, {"status": "inactive", "ended_on": "2026-11-20", "reason": "Mutasi"})
    assert response.status_code == 302
    assert PlacementOfficer.objects.get(pk=pak.pk).status == AppointmentStatus.INACTIVE


# --- Who may open what ---------------------------------------------------------------------------------------

PERSONAS = ["anonymous", "alice", "vera", "hana", "oscar", "prita", "mira", "bima", "putri"]


def _table():
    """(name, method, url builder(world), {persona: expected}); 'login' = redirect to sign-in."""
    office_staff = {"anonymous": "login", "alice": 404, "vera": 200, "hana": 200, "oscar": 404, "prita": 404,
                    "mira": 404, "bima": 404, "putri": 404}  # fmt: skip
    operator_only = {"anonymous": "login", "alice": 404, "vera": 404, "hana": 404, "oscar": 404, "prita": 404,
                     "mira": 404, "bima": 200, "putri": 404}  # fmt: skip
    return [
        ("proposal list", "get", lambda w: reverse("placement:proposal_list"), operator_only),
        ("proposal detail", "get", lambda w: reverse("placement:proposal_detail", args=[w["proposal"].pk]), operator_only),
        ("proposal edit", "get", lambda w: reverse("placement:proposal_edit", args=[w["draft"].pk]), operator_only),
        ("office queue", "get", lambda w: reverse("placement:office_proposal_queue"), {**office_staff, "oscar": 200}),
        ("office review", "get", lambda w: reverse("placement:office_proposal_review", args=[w["proposal"].pk]),
         office_staff),
        ("office decide", "post", lambda w: reverse("placement:office_proposal_decide", args=[w["proposal"].pk, "tolak"]),
         {**office_staff, "vera": 302, "hana": 400}),
        ("PAK list", "get", lambda w: reverse("placement:office_officers"),
         {**office_staff, "oscar": 200, "prita": 200, "mira": 200}),
        ("one PAK", "get", lambda w: reverse("placement:office_officer", args=[w["pak"].pk]),
         {**office_staff, "prita": 200, "mira": 200}),
        ("report page", "get", lambda w: reverse("placement:office_report"), {**office_staff, "oscar": 200}),
        ("proposal letter", "get", lambda w: reverse("placement:candidate_document", args=[w["pak"].pk, "surat"]),
         {**office_staff, "prita": 200, "bima": 200, "putri": 200}),
        ("reveal NIK", "post", lambda w: reverse("placement:officer_reveal_nik", args=[w["pak"].pk]),
         {**office_staff, "prita": 200, "putri": 200}),
        ("my profile", "get", lambda w: reverse("placement:my_profile"),
         {**operator_only, "bima": 404, "putri": 200}),
        ("province queue", "get", lambda w: reverse("placement:province_queue"),
         {**office_staff, "vera": 404, "hana": 404, "prita": 200}),
        ("province review", "get", lambda w: reverse("placement:province_review", args=[w["pak"].profile.pk]),
         {**office_staff, "vera": 404, "hana": 404, "prita": 200}),
        ("province decide", "post",
         lambda w: reverse("placement:province_decide", args=[w["pak"].profile.pk, "verifikasi"]),
         {**office_staff, "vera": 404, "hana": 404, "prita": 302}),
        ("invitation", "get", lambda w: reverse("placement:invitation", args=["bukan-token"]),
         {p: 404 for p in PERSONAS}),
    ]  # fmt: skip


ROWS = [pytest.param(name, method, url, table, id=name) for name, method, url, table in _table()]


@pytest.mark.parametrize(("name", "method", "url", "table"), ROWS)
def test_authorization_table(request, client, bima, vera, hana, putri, name, method, url, table):
    """One world per URL; every persona tries it (a POST that succeeds is retried on a fresh world)."""
    users = {"putri": putri, "bima": bima, "vera": vera, "hana": hana}

    def world():
        pak = PlacementOfficer.objects.get(profile__user=putri)
        return {
            "pak": pak,
            "proposal": submitted_proposal(bima, nik=pak_nik()),
            "draft": services.proposal_open(actor=bima),
        }

    current = world()
    for persona, expected in table.items():
        client.logout()
        if persona != "anonymous":
            client.force_login(users.get(persona) or request.getfixturevalue(persona))
        data = {"note": "Persyaratan tidak lengkap"} if method == "post" else None
        response = getattr(client, method)(url(current), data)
        if expected == "login":
            assert response.status_code == 302 and response.url.startswith(reverse("accounts:login")), persona
        else:
            assert response.status_code == expected, (name, persona, response.status_code)
        if method == "post" and response.status_code == 302:
            if name == "province decide":
                return  # the only persona allowed has decided; nothing left to try
            current = world()


def test_another_offices_queue_is_empty(client, bima, oscar):
    submitted_proposal(bima)
    client.force_login(oscar)
    page = client.get(reverse("placement:office_proposal_queue"))
    assert list(page.context["page"].object_list) == []


def test_registered_profile_helper_reaches_awaiting_verification(pak):
    assert registered_profile(pak).status == ProfileStatus.AWAITING_VERIFICATION


def test_a_pak_cannot_open_another_paks_documents(client, bima, vera, hana, putri):
    other = appointed_officers(bima, vera, hana, count=1)[0]
    registered_profile(other)
    client.force_login(putri)
    mine = PlacementOfficer.objects.get(profile__user=putri)
    assert client.get(reverse("placement:candidate_document", args=[mine.pk, "foto"])).status_code == 200
    for kind in ("foto", "surat"):
        assert client.get(reverse("placement:candidate_document", args=[other.pk, kind])).status_code == 404


def test_the_sk_is_verifiable_without_showing_a_nik(client, pak):
    from disnaker.decrees.models import Decree

    decree = Decree.objects.get(kind="pak_appointment")
    page = client.get(reverse("decrees:verify", args=[decree.token])).content.decode()
    assert decree.number in page and "Jumlah PAK ditetapkan" in page and pak.bkk.name in page
    assert pak.nik not in page and pak.nik[:6] not in page


def test_the_bkk_page_lists_its_pak_and_links_guidance_and_reports(client, pak, vera):
    client.force_login(vera)
    page = client.get(reverse("placement:office_bkk_review", args=[pak.bkk_id])).content.decode()
    assert reverse("placement:office_officer", args=[pak.pk]) in page and pak.name in page
    assert f"{reverse('guidance:activity_list')}?bkk={pak.bkk_id}" in page
    listing = client.get(reverse("guidance:report_list"), {"bkk": pak.bkk_id})
    assert listing.status_code == 200


def test_an_applicant_can_have_the_revision_link_sent_again(client, vera):
    from disnaker.placement.tests.helpers import bkk_data

    bkk = services.bkk_apply(data=bkk_data(email="ulang@smkn5.sch.id"))
    services.bkk_request_revision(bkk=bkk, actor=vera, note="Izin operasional tidak terbaca.")
    url = reverse("placement:bkk_track")
    form = {"tracking_code": bkk.tracking_code, "email": "ulang@smkn5.sch.id"}
    page = client.post(url, form).content.decode()
    assert "Kirim ulang tautan perbaikan" in page
    mails = OutboxMessage.objects.filter(to="ulang@smkn5.sch.id", kind="bkk_needs_revision")
    assert mails.count() == 1
    page = client.post(url, {**form, "kirim_tautan": "1"}, follow=True).content.decode()
    assert "Tautan perbaikan dikirim ulang" in page and mails.count() == 2
    assert bkk.edit_token in mails.order_by("-pk").first().body
    page = client.post(url, {**form, "kirim_tautan": "1"}).content.decode()
    assert "baru saja dikirim" in page and mails.count() == 2  # not twice within minutes
    wrong = client.post(url, {**form, "email": "orang-lain@contoh.id", "kirim_tautan": "1"})
    assert "tidak ditemukan" in wrong.content.decode() and mails.count() == 2
