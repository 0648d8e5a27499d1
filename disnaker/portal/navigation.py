"""The main menu, built from the same permission predicates the pages check (not role names in a template).

Each entry says who sees it (a predicate on the user) and when it is the current page (a predicate on the
resolved URL's ``(app_name, url_name)``). ``templates/includes/navigation.html`` renders the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from disnaker.accounts import permissions as accounts
from disnaker.decrees import batch as decree_batch
from disnaker.placement import permissions as placement

Here = tuple[str, str]  # (app_name, url_name) of the page shown


def _names(*names: str) -> Callable[[Here], bool]:
    return lambda here: here[1] in names


def _apps(*apps: str) -> Callable[[Here], bool]:
    return lambda here: here[0] in apps


def _never(here: Here) -> bool:
    return False


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str = ""  # empty for a dropdown
    active: Callable[[Here], bool] = _never
    children: Sequence[Entry | None] = ()  # ``None`` draws a divider


@dataclass
class Link:
    """One entry as the template draws it for one user on one page."""

    label: str
    url: str = ""
    active: bool = False
    children: list[Link | None] = field(default_factory=list)


_OFFICE_BKK_PAK = Entry(
    _("BKK & PAK"),
    active=_apps("placement", "guidance", "training"),
    children=(
        Entry(_("Pendaftaran BKK"), "placement:office_bkk_queue"),
        Entry(_("Usulan PAK"), "placement:office_proposal_queue"),
        Entry(_("Daftar PAK"), "placement:office_officers"),
        Entry(_("Laporan ke Provinsi"), "placement:office_report"),
        Entry(_("Riwayat Laporan"), "placement:office_reports"),
        Entry(_("Pemantauan PAK"), "placement:monitoring"),
        None,
        Entry(_("Pembinaan BKK"), "guidance:activity_list"),
        Entry(_("Bimtek PAK"), "training:list"),
    ),
)


def _monitoring(label) -> Entry:
    return Entry(
        label,
        active=lambda here: (
            here[1] in ("monitoring", "office_bkk_queue", "office_officers")
            or here[0] in ("guidance", "training", "pkwt")
        ),
        children=(
            Entry(_("Dasbor BKK dan PAK"), "placement:monitoring"),
            Entry(_("Daftar BKK"), "placement:office_bkk_queue"),
            Entry(_("Daftar PAK"), "placement:office_officers"),
            Entry(_("Pembinaan BKK"), "guidance:bkk_monitoring"),
            Entry(_("Bimtek PAK"), "training:list"),
            None,
            Entry(_("Dasbor Pencatatan PKWT"), "pkwt:office_dashboard"),
            Entry(_("Daftar Pencatatan PKWT"), "pkwt:office_queue"),
        ),
    )


#: (who sees it, the entry), in menu order.
MENU: Sequence[tuple[Callable[[object], bool], Entry]] = (
    (lambda user: True, Entry(_("Dashboard"), "accounts:dashboard", _names("dashboard"))),
    (
        decree_batch.is_head,
        Entry(_("Antrean Tanda Tangan"), "decrees:signing_queue", _names("signing_queue", "signing_batch")),
    ),
    (accounts.is_company_user, Entry(_("Permohonan"), "pkwt:list", _names("list", "edit", "detail"))),
    (accounts.is_company_user, Entry(_("Uang Kompensasi"), "pkwt:compensation", _names("compensation"))),
    (accounts.is_company_user, Entry(_("Pengaturan"), "accounts:settings", _names("settings"))),
    (
        accounts.is_office_staff,
        Entry(_("Pencatatan PKWT"), "pkwt:office_queue", _names("office_queue", "office_review")),
    ),
    (placement.is_bkk_operator, Entry(_("BKK Saya"), "placement:my_bkk", _names("my_bkk"))),
    (
        placement.is_bkk_operator,
        Entry(
            _("Usulan PAK"),
            "placement:proposal_list",
            _names("proposal_list", "proposal_edit", "proposal_detail", "candidate_edit"),
        ),
    ),
    (
        placement.is_bkk_operator,
        Entry(
            _("Laporan Penempatan"),
            "guidance:report_list",
            lambda here: here[0] == "guidance" and here[1] not in ("activity_list", "activity_detail"),
        ),
    ),
    (
        placement.is_bkk_operator,
        Entry(_("Pembinaan"), "guidance:activity_list", _names("activity_list", "activity_detail")),
    ),
    (placement.is_placement_officer, Entry(_("Profil Saya"), "placement:my_profile", _names("my_profile"))),
    (
        placement.is_placement_officer,
        Entry(_("Pelatihan Saya"), "training:my_trainings", _names("my_trainings")),
    ),
    (accounts.is_office_staff, _OFFICE_BKK_PAK),
    (
        placement.is_province_admin,
        Entry(_("Verifikasi PAK"), "placement:province_queue", _names("province_queue", "province_review")),
    ),
    (
        placement.is_province_admin,
        Entry(
            _("Laporan Masuk"),
            "placement:province_reports",
            _names("province_reports", "province_report_detail"),
        ),
    ),
    (placement.is_province_admin, _monitoring(_("Pemantauan"))),
    (placement.is_ministry_viewer, _monitoring(_("Pemantauan Nasional"))),
    (
        accounts.can_review_account_requests,
        Entry(
            _("Permohonan Akun"),
            "accounts:account_request_queue",
            _names("account_request_queue", "account_request_detail"),
        ),
    ),
    (lambda user: user.is_staff, Entry(_("Administrasi"), "admin:index")),
)


def _link(entry: Entry, here: Here) -> Link:
    return Link(
        label=str(entry.label),
        url=reverse(entry.url_name) if entry.url_name else "",
        active=entry.active(here),
        children=[None if child is None else _link(child, here) for child in entry.children],
    )


def menu_for(user, here: Here = ("", "")) -> list[Link]:
    """The main menu of ``user`` on the page ``here``; empty for an anonymous user or one who must first change
    the initial password (the only page open to them)."""
    if not user.is_authenticated or user.must_change_password:
        return []
    return [_link(entry, here) for allowed, entry in MENU if allowed(user)]
