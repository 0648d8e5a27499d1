"""Issuing, numbering, signing and revoking decrees (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import UserFactory
from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.decrees import services, signing
from disnaker.decrees.constants import DecreeKind, DecreeStatus
from disnaker.decrees.kinds import kind_spec
from disnaker.decrees.models import Decree, DecreeCounter, DecreeSettings
from disnaker.decrees.numbering import roman_month
from disnaker.decrees.services import decree_issue, decree_revoke
from disnaker.decrees.tests.helpers import pdf_text, registration_with_workers, signature_status
from disnaker.pkwt.documents import pkwt_decree_for


def _storage_files(settings) -> list[Path]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"]) / "decrees"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _counter(office, year=None) -> int:
    year = year or timezone.localdate().year
    row = DecreeCounter.objects.filter(office=office, year=year, kind=DecreeKind.PKWT_REGISTRATION).first()
    return row.last_number if row else 0


def test_pkwt_decree_is_numbered_rendered_signed_stored_and_audited(registration, hana, office, settings):
    decree = pkwt_decree_for(registration, hana)

    today = timezone.localdate()
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][today.month - 1]
    assert decree.number == f"500.15/1/PKWT/Disnaker/{roman}/{today.year}"
    assert (decree.sequence, decree.year, decree.status) == (1, today.year, DecreeStatus.VALID)
    assert decree.subject == registration
    assert decree.subject_name == registration.company.name
    assert decree.subject_count == 3
    assert decree.signer_name == "Hana Kepala"
    assert decree.signer_position == "Kepala Dinas Ketenagakerjaan Kabupaten Bekasi"
    assert len(decree.token) >= 43  # 32 random bytes, URL-safe base64

    data = decree.pdf.read()
    assert decree.pdf_size == len(data)
    assert decree.sha256 == hashlib.sha256(data).hexdigest()
    assert data.startswith(b"%PDF-")
    text = " ".join(" ".join(pdf_text(data)).split())
    assert decree.number in text
    assert registration.company.name in text
    assert "3 (tiga) orang pekerja" in text
    assert f"http://testserver/verifikasi/{decree.token}/" in "".join(pdf_text(data)[0].split())

    status = signature_status(data)
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line

    entry = AuditLog.objects.get(object_type="decrees.decree", object_id=str(decree.pk))
    assert entry.data["event"] == "decree.issued" and entry.data["number"] == decree.number
    assert entry.office == office
    assert _counter(office) == 1


def test_settings_are_created_from_the_office(registration, hana, office):
    pkwt_decree_for(registration, hana)
    decree_settings = DecreeSettings.objects.get(office=office)
    # One number pattern per registered kind, each the default its app registered.
    assert dict(decree_settings.number_patterns.values_list("kind", "pattern")) == {
        kind: kind_spec(kind).number_pattern_default for kind in DecreeKind.values
    }
    assert decree_settings.letterhead_government == "Pemerintah Kabupaten Bekasi"
    assert decree_settings.letterhead_office == "Dinas Ketenagakerjaan"
    assert decree_settings.place == "Cikarang"
    assert decree_settings.copies_to_lines() == [
        "Kepala Dinas Tenaga Kerja dan Transmigrasi Provinsi Jawa Barat"
    ]


def test_settings_drive_the_letter(alice, hana, office):
    decree_settings = DecreeSettings.objects.create(
        office=office,
        **{
            **services.decree_settings_defaults(office),
            "signer_name": "Dr. Budi Santoso, S.H.",
            "signer_rank": "Pembina Utama Muda (IV/c)",
            "signer_nip": "197001011995031001",
            "copies_to": "Bupati Bekasi\n\nArsip",
        },
    )
    decree_settings.number_patterns.create(
        kind=DecreeKind.PKWT_REGISTRATION, pattern="565/{seq:03d}/SK-PKWT/{month:02d}/{year}"
    )
    decree = pkwt_decree_for(registration_with_workers(alice, office, 2), hana)
    today = timezone.localdate()
    assert decree.number == f"565/001/SK-PKWT/{today.month:02d}/{today.year}"
    assert decree.signer_name == "Dr. Budi Santoso, S.H."
    first = " ".join(pdf_text(decree.pdf.read())[0].split())
    assert "NIP. 19700101 199503 1 001" in first
    assert "Pembina Utama Muda (IV/c)" in first
    assert "1. Bupati Bekasi 2. Arsip" in first


def test_a_kind_without_its_pattern_row_numbers_with_the_registered_default(registration, hana, office):
    decree_settings = DecreeSettings.objects.create(
        office=office, **services.decree_settings_defaults(office)
    )
    assert not decree_settings.number_patterns.exists()
    decree = pkwt_decree_for(registration, hana)
    today = timezone.localdate()
    assert decree.number == f"500.15/1/PKWT/Disnaker/{roman_month(today.month)}/{today.year}"


def test_counter_is_gapless_across_subjects_and_restarts_each_year(alice, hana, office, monkeypatch):
    numbers = [pkwt_decree_for(registration_with_workers(alice, office, 1), hana).sequence for _ in range(3)]
    assert numbers == [1, 2, 3]
    assert _counter(office) == 3

    next_year = timezone.now().replace(year=timezone.now().year + 1, month=1, day=2)
    monkeypatch.setattr(services.timezone, "now", lambda: next_year)
    decree = pkwt_decree_for(registration_with_workers(alice, office, 1), hana)
    assert (decree.sequence, decree.year) == (1, next_year.year)
    assert decree.number.endswith(f"/I/{next_year.year}")


def test_second_call_returns_the_existing_decree(registration, hana, office):
    first = pkwt_decree_for(registration, hana)
    second = pkwt_decree_for(registration, hana)
    assert second.pk == first.pk
    assert Decree.objects.count() == 1
    assert _counter(office) == 1


def test_failure_while_rendering_uses_no_number_and_leaves_no_file(registration, hana, office, settings):
    pkwt_decree_for(registration_with_workers(registration.created_by, office, 1), hana)  # sequence 1

    def broken(fields):
        raise RuntimeError("printer on fire")

    with pytest.raises(RuntimeError):
        decree_issue(kind=DecreeKind.PKWT_REGISTRATION, subject=registration, office=office, actor=hana,
                     render=broken, title="SK")  # fmt: skip
    assert Decree.objects.count() == 1
    assert _counter(office) == 1
    assert len(_storage_files(settings)) == 1
    assert pkwt_decree_for(registration, hana).sequence == 2


def test_failure_while_signing_or_saving_rolls_everything_back(
    registration, hana, office, settings, monkeypatch
):
    def signing_fails(*args, **kwargs):
        raise ValueError("HSM offline")

    with monkeypatch.context() as patch:
        patch.setattr(signing, "sign_pdf", signing_fails)
        with pytest.raises(ValueError):
            pkwt_decree_for(registration, hana)

    def audit_fails(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "audit_record", audit_fails)
    with pytest.raises(RuntimeError):
        pkwt_decree_for(registration, hana)
    assert Decree.objects.count() == 0
    assert _counter(office) == 0
    assert _storage_files(settings) == []


def test_usable_inside_the_callers_transaction(registration, hana, office, settings):
    with transaction.atomic():
        decree = pkwt_decree_for(registration, hana)
        assert pkwt_decree_for(registration, hana).pk == decree.pk
    assert Decree.objects.get().pk == decree.pk

    # If the caller's transaction fails afterwards, the decree and its number go with it; the file is an
    # orphan that the sweep command removes.
    other = registration_with_workers(registration.created_by, office, 1)
    with pytest.raises(RuntimeError), transaction.atomic():
        pkwt_decree_for(other, hana)
        raise RuntimeError("status change failed")
    assert Decree.objects.count() == 1
    assert _counter(office) == 1
    assert len(_storage_files(settings)) == 2
    call_command("decree_orphan_files", "--hapus", "--umur-menit", "0")
    assert [p.name for p in _storage_files(settings)] == [Path(decree.pdf.name).name]


def test_only_the_head_of_the_office_issues(registration, vera, oscar, office2):
    other_head = UserFactory(role=Role.HEAD, office=office2)
    for actor in (vera, oscar, other_head):
        with pytest.raises(PermissionDenied):
            pkwt_decree_for(registration, actor)
    assert Decree.objects.count() == 0


def test_registration_without_workers_is_refused(alice, hana, office):
    with pytest.raises(ValidationError):
        pkwt_decree_for(registration_with_workers(alice, office, 0), hana)


def test_revoke_keeps_the_decree_and_allows_a_new_one(registration, hana, vera, office):
    decree = pkwt_decree_for(registration, hana)
    with pytest.raises(ValidationError):
        decree_revoke(decree=decree, actor=hana, reason="  ")
    with pytest.raises(PermissionDenied):
        decree_revoke(decree=decree, actor=vera, reason="Salah data")
    denial = AuditLog.objects.get(action=AuditAction.ACCESS_DENIED, actor=vera)
    assert denial.data == {"step": "decrees.decree_revoke"} and denial.object_id == str(decree.pk)

    revoked = decree_revoke(decree=decree, actor=hana, reason="Data pekerja keliru")
    assert revoked.status == DecreeStatus.REVOKED
    assert revoked.revoked_by == hana and revoked.revoked_at is not None
    assert revoked.revoked_reason == "Data pekerja keliru"
    assert Decree.objects.filter(pk=decree.pk).exists()
    assert revoked.pdf.read()[:5] == b"%PDF-"
    assert AuditLog.objects.filter(object_id=str(decree.pk), data__event="decree.revoked").exists()
    with pytest.raises(ValidationError):
        decree_revoke(decree=revoked, actor=hana, reason="lagi")

    replacement = pkwt_decree_for(registration, hana)
    assert replacement.pk != decree.pk and replacement.sequence == 2


def test_a_head_of_another_office_cannot_revoke(registration, hana, office2):
    decree = pkwt_decree_for(registration, hana)
    with pytest.raises(PermissionDenied):
        decree_revoke(decree=decree, actor=UserFactory(role=Role.HEAD, office=office2), reason="x")


def test_decrees_are_never_edited_or_deleted(registration, hana):
    decree = pkwt_decree_for(registration, hana)
    with pytest.raises(PermissionError):
        decree.delete()
    with pytest.raises(PermissionError):
        Decree.objects.all().delete()
    decree.subject_name = "PT Lain"
    with pytest.raises(PermissionError):
        decree.save()
    with pytest.raises(PermissionError):
        decree.save(update_fields=["subject_name"])
    assert Decree.objects.get().subject_name == registration.company.name


def test_ensure_signing_certificate_command(settings, tmp_path, capsys):
    settings.DECREE_SIGNING_DIR = tmp_path / "signing"
    call_command("ensure_signing_certificate")
    call_command("ensure_signing_certificate")
    out = capsys.readouterr().out
    assert "dibuat" in out and "sudah ada" in out
    path = tmp_path / "signing" / signing.DEV_PKCS12_FILE
    assert path.exists() and (path.stat().st_mode & 0o777) == 0o600


def test_a_configured_pkcs12_with_password_is_used(
    registration, hana, office, settings, tmp_path, monkeypatch
):
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    key, cert, _ = pkcs12.load_key_and_certificates(signing.ensure_dev_certificate()[0].read_bytes(), None)
    path = tmp_path / "office.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(b"kantor", key, cert, None, BestAvailableEncryption(b"rahasia"))
    )
    DecreeSettings.objects.create(
        office=office,
        **{
            **services.decree_settings_defaults(office),
            "pkcs12_path": str(path),
            "pkcs12_password_env": "SK_P12_PASS",
        },
    )
    monkeypatch.setenv("SK_P12_PASS", "salah")
    with pytest.raises(Exception, match="kata sandi"):
        pkwt_decree_for(registration, hana)
    monkeypatch.setenv("SK_P12_PASS", "rahasia")
    decree = pkwt_decree_for(registration, hana)
    assert signature_status(decree.pdf.read()).valid


def test_without_any_certificate_issuing_is_refused(registration, hana, settings):
    settings.DECREE_ALLOW_DEV_CERTIFICATE = False
    with pytest.raises(Exception, match="sertifikat"):
        pkwt_decree_for(registration, hana)
    assert Decree.objects.count() == 0


def test_issued_date_is_local(registration, hana, monkeypatch):
    # 2026-03-31 18:30 UTC is already 1 April in Jakarta: month IV.
    moment = datetime.datetime(2026, 3, 31, 18, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(services.timezone, "now", lambda: moment)
    decree = pkwt_decree_for(registration, hana)
    assert decree.number == "500.15/1/PKWT/Disnaker/IV/2026"
    assert "Cikarang, 1 April 2026" in " ".join(pdf_text(decree.pdf.read())[0].split())
