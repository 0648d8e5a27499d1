"""The training certificate (*Sertifikat Bimtek PAK*): a decree kind of its own, one PDF per participant
who attended, numbered in the recording office's certificate counter, signed by its head, with the QR code
of the public verification page.

To change the wording, edit :func:`certificate_blocks`; the letterhead, number, signature and QR code are
shared with every decree (:func:`disnaker.decrees.letter_pdf.render_letter`).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm

from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.letter_pdf import LetterContext, render_letter
from disnaker.decrees.numbering import date_id
from disnaker.decrees.pdf import Fields, Para, Space
from disnaker.decrees.services import DecreeFields, decree_issue

from .constants import CERTIFICATE_TITLE, KEMNAKER_UNIT
from .models import Training, TrainingParticipant


def period_text(training: Training) -> str:
    """ "12 Maret 2026" or "12 s.d. 14 Maret 2026"-style dates in Indonesian."""
    if training.start_date == training.end_date:
        return date_id(training.start_date)
    return f"{date_id(training.start_date)} s.d. {date_id(training.end_date)}"


def certificate_blocks(participant: TrainingParticipant, issuer: str) -> list:
    e = escape
    training = participant.training
    officer = participant.officer
    rows = [
        ("Kegiatan", f"<b>{e(training.title)}</b>"),
        ("Tanggal", e(period_text(training))),
        ("Tempat", e(training.venue_display or "-")),
        ("Penyelenggara", e(training.organiser_display)),
    ]
    if training.coordinated_with_kemnaker:
        rows.append(("Koordinasi", e(f"Kementerian Ketenagakerjaan ({KEMNAKER_UNIT})")))
    return [
        Para(f"{e(issuer)} memberikan sertifikat ini kepada:", space_after=True),
        Space(1 * mm),
        Para(f'<font size="16"><b>{e(officer.name)}</b></font>', space_after=False),
        Space(3 * mm),
        Fields(
            [
                ("Jabatan", e(officer.position)),
                ("Bursa Kerja Khusus", e(officer.bkk.name)),
                ("Lembaga", e(officer.bkk.institution_name)),
            ]
        ),
        Space(4 * mm),
        Para(
            "yang telah <b>mengikuti</b> bimbingan teknis bagi Petugas Antar Kerja pada Bursa Kerja Khusus "
            "dalam rangka peningkatan kapasitas layanan penempatan tenaga kerja:"
        ),
        Fields(rows),
        Space(4 * mm),
        Para(
            "Sertifikat ini diberikan sebagai bukti keikutsertaan dalam pembinaan Petugas Antar Kerja sesuai "
            "surat Direktur Jenderal Binapenta dan PKK Nomor B-3/4662/PK.01.02/IX/2025."
        ),
    ]


def certificate_renderer(participant: TrainingParticipant):
    def render(fields: DecreeFields) -> bytes:
        ctx = LetterContext(
            letterhead=fields.letterhead,
            # The 22-pt line is drawn lower than the style's leading allows for: the blank last line absorbs it.
            title='<font size="22">SERTIFIKAT</font><br/><br/>BIMBINGAN TEKNIS PETUGAS ANTAR KERJA<br/>&#160;',
            number=fields.number,
            issued_on=fields.issued_on,
            place=fields.place,
            signer=fields.signer,
            verify_url=fields.verify_url,
            copies_to=(),
            document_name="Sertifikat",
            subject=participant.officer.name,
        )
        return render_letter(ctx, certificate_blocks(participant, fields.signer.position))

    return render


def certificate_issue(
    participant: TrainingParticipant, actor, *, request=None, passphrase: str | None = None
):
    """Issue (or return the existing valid) certificate of one participant, signed by ``actor`` in the name
    of the organising office (``selectors.organising_office``)."""
    return decree_issue(**certificate_job(participant), actor=actor, request=request, passphrase=passphrase)


def certificate_preview(participant: TrainingParticipant, actor, *, request=None) -> bytes:
    """The certificate as it will be issued, unnumbered, unsigned and marked DRAFT (``decrees.preview``)."""
    from disnaker.decrees.preview import decree_preview

    return decree_preview(**certificate_job(participant), actor=actor, request=request)


def certificate_job(participant: TrainingParticipant) -> dict:
    """What ``decree_issue`` and ``decree_preview`` are given for a participant's certificate."""
    from .selectors import organising_office

    return {
        "kind": DecreeKind.TRAINING_CERTIFICATE,
        "subject": participant,
        "office": organising_office(participant.training) or participant.training.office,
        "render": certificate_renderer(participant),
        "title": CERTIFICATE_TITLE,
        "subject_name": participant.officer.name,
        "subject_count": None,
    }
