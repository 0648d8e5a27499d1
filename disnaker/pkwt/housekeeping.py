"""Daily jobs of PKWT (run by ``manage.py daily``)."""

from django.conf import settings

from disnaker.core.housekeeping import daily_job

from . import services


@daily_job("pkwt_files")
def pkwt_files() -> str:
    counts = services.abandoned_files_purge()
    return (
        f"Berkas dihapus (lebih dari {settings.ABANDONED_UPLOAD_RETENTION_DAYS} hari): {counts['imports']} file "
        f"Excel yang ditolak/gagal, {counts['drafts']} draf yang ditinggalkan, {counts['rejected']} permohonan "
        "yang ditolak."
    )


@daily_job("pkwt_compensation_reminders")
def pkwt_compensation_reminders() -> str:
    sent = services.compensation_reminders_send()
    return (
        "; ".join(
            f"{n} perusahaan diingatkan PKWT yang berakhir dalam {days} hari (uang kompensasi)"
            for days, n in sent.items()
        )
        + "."
    )


@daily_job("pkwt_superseded_findings")
def pkwt_superseded_findings() -> str:
    cleared = services.superseded_findings_clear()
    return f"Laporan temuan dari {cleared} impor Excel yang sudah digantikan dikosongkan (jumlahnya tetap)."
