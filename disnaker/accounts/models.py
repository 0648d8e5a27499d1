from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disnaker.core.constants import OfficeLevel, OfficeReach
from disnaker.core.models import Office, Region
from disnaker.core.uploads import private_file_field

from .constants import (
    MICRO_SMALL_SCALES,
    OFFICE_STAFF_ROLES,
    AccountRequestStatus,
    CompanyLegalForm,
    CompanyScale,
    Role,
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("E-mail wajib diisi.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their e-mail address. ``role`` decides what they may do and see."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)
    office = models.ForeignKey(
        Office,
        verbose_name=_("kantor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    company = models.ForeignKey(
        "accounts.Company",
        verbose_name=_("perusahaan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    must_change_password = models.BooleanField(
        _("wajib ganti kata sandi"),
        default=False,
        help_text=_("Kata sandi awal: pengguna harus menggantinya."),
    )
    password_expires_at = models.DateTimeField(_("kata sandi awal berlaku sampai"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    is_staff = models.BooleanField(_("akses admin"), default=False)
    date_joined = models.DateTimeField(_("tanggal bergabung"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def office_reach(self) -> str:
        """Whose offices' rows this user sees (:func:`disnaker.core.selectors.office_scope`)."""
        if self.role in (Role.MINISTRY_VIEWER, Role.ADMIN):
            return OfficeReach.ALL
        if not self.office_id:
            return OfficeReach.NONE
        if self.role in OFFICE_STAFF_ROLES and self.office.level == OfficeLevel.REGENCY:
            return OfficeReach.OFFICE
        if self.role == Role.PROVINCE_ADMIN:
            return OfficeReach.PROVINCE
        return OfficeReach.NONE

    @property
    def initial_password_expired(self) -> bool:
        return bool(
            self.must_change_password
            and self.password_expires_at
            and self.password_expires_at <= timezone.now()
        )


class Company(models.Model):
    """An employer with an account; created when a verifier approves its account request."""

    name = models.CharField(_("nama perusahaan"), max_length=200)
    leader_name = models.CharField(_("nama pimpinan"), max_length=150)
    email = models.EmailField(_("e-mail"))
    whatsapp = models.CharField(_("no WhatsApp"), max_length=20, help_text=_("Disimpan dalam bentuk 628…"))
    address = models.TextField(_("alamat"))
    legal_form = models.CharField(_("jenis perusahaan"), max_length=20, choices=CompanyLegalForm.choices)
    scale = models.CharField(_("skala usaha"), max_length=10, choices=CompanyScale.choices)
    npwp = models.CharField(_("NPWP"), max_length=16, help_text=_("15 atau 16 digit, tanpa tanda baca."))
    region = models.ForeignKey(
        Region, verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, related_name="+"
    )
    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="companies"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("perusahaan")
        verbose_name_plural = _("perusahaan")

    def __str__(self) -> str:
        return self.name

    @property
    def is_micro_small(self) -> bool:
        return self.scale in MICRO_SMALL_SCALES


class AccountRequest(models.Model):
    """A company's request for an account ("Ajukan Permohonan Disini"), decided by a verifier."""

    tracking_code = models.CharField(_("kode lacak"), max_length=20, unique=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AccountRequestStatus.choices,
        default=AccountRequestStatus.SUBMITTED,
    )
    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="account_requests"
    )
    company_name = models.CharField(_("nama perusahaan"), max_length=200)
    leader_name = models.CharField(_("nama pimpinan"), max_length=150)
    email = models.EmailField(_("e-mail"))
    whatsapp = models.CharField(_("no WhatsApp"), max_length=20)
    address = models.TextField(_("alamat"))
    legal_form = models.CharField(_("jenis perusahaan"), max_length=20, choices=CompanyLegalForm.choices)
    scale = models.CharField(_("skala usaha"), max_length=10, choices=CompanyScale.choices)
    npwp = models.CharField(_("NPWP"), max_length=16)
    region = models.ForeignKey(
        Region, verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, related_name="+"
    )
    application_letter = private_file_field(_("surat permohonan"), "account-requests")
    power_of_attorney = private_file_field(_("surat kuasa"), "account-requests")
    ktp_image = private_file_field(_("KTP"), "account-requests")
    id_card_image = private_file_field(_("ID card"), "account-requests")
    terms_accepted_at = models.DateTimeField(_("menyetujui syarat & ketentuan"))
    rejection_reason = models.TextField(_("alasan penolakan"), blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    company = models.OneToOneField(
        Company,
        verbose_name=_("perusahaan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="account_request",
    )
    created_at = models.DateTimeField(_("diajukan"), auto_now_add=True, db_index=True)

    #: The four documents: (field name, label). Used by the review page and the file view.
    DOCUMENTS = (
        ("application_letter", _("Surat Permohonan")),
        ("power_of_attorney", _("Surat Kuasa")),
        ("ktp_image", _("KTP")),
        ("id_card_image", _("ID Card")),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("permohonan akun")
        verbose_name_plural = _("permohonan akun")
        indexes = [models.Index(fields=["office", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.company_name}"

    @property
    def is_micro_small(self) -> bool:
        return self.scale in MICRO_SMALL_SCALES


class ApiToken(models.Model):
    """A company's key to the API. Only the SHA-256 digest of the secret is stored; the secret itself is
    shown once, when the token is created."""

    company = models.ForeignKey(
        Company, verbose_name=_("perusahaan"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("nama token"), max_length=100)
    prefix = models.CharField(
        _("awalan"), max_length=8, help_text=_("Bagian awal token, untuk mengenalinya di daftar.")
    )
    digest = models.CharField(_("sidik SHA-256"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        User, verbose_name=_("dibuat oleh"), on_delete=models.PROTECT, related_name="api_tokens_created"
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    expires_at = models.DateTimeField(
        _("berlaku sampai"),
        help_text=_("Setelah waktu ini token ditolak (API_TOKEN_VALID_DAYS sejak dibuat)."),
    )
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.name} (dk_{self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        """Usable now: not revoked, not expired, and its creator is still an active user of the company
        (a token acts as its creator only)."""
        creator = self.created_by
        return bool(
            self.revoked_at is None
            and not self.is_expired
            and creator.is_active
            and creator.role == Role.COMPANY
            and creator.company_id == self.company_id
        )
