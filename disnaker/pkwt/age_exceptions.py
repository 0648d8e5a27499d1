"""Exceptions to the ban on employing children (UU 13/2003 Pasal 68–71), as pure rules.

Pasal 68 bans employing anyone under 18 (``PKWT_MIN_WORKER_AGE``). The import keeps such a row, flagged with
the warning code :data:`NEEDS_AGE_EXCEPTION` (``rules.py``), and the verification of the registration waits
until the verifier has recorded one of the exceptions below for it (``services/age_exceptions.py``):

- Pasal 69: light work by a child aged 13 up to and including 15 ("berumur antara 13 (tiga belas) tahun sampai
  dengan 15 (lima belas) tahun"), with the parents' or guardian's written permission (ayat 2 huruf a);
- Pasal 70: work that is part of the school curriculum or of training, by a child of at least 14 (ayat 2);
- Pasal 71: work to develop the child's talent and interest (under the parents' direct supervision, at most
  3 hours a day, ayat 2). The Act itself sets no lower age here; the product takes the youngest age the Act
  allows for any work, 13 (Pasal 69), as the floor, so no exception is recorded for a child under 13.

Ages are completed years on ``awal_kontrak``, counted with the same birthday rule as the import (``rules._add_years``:
a child born on 29 February has a birthday on 28 February in other years).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .rules import _add_years

#: The import's warning code on a row whose worker is under the minimum age: the row needs an exception.
NEEDS_AGE_EXCEPTION = "under_18"

#: Nobody younger can be excepted on any ground (Pasal 69's lower bound; see the module's docstring).
YOUNGEST_EXCEPTABLE = 13


class AgeExceptionGround(models.TextChoices):
    LIGHT_WORK = (
        "pasal_69",
        gettext_lazy(
            "Pasal 69: pekerjaan ringan (umur 13 sampai dengan 15 tahun, dengan izin tertulis orang tua/wali)"
        ),
    )
    CURRICULUM = (
        "pasal_70",
        gettext_lazy(
            "Pasal 70: pekerjaan dalam kurikulum pendidikan atau pelatihan (umur paling sedikit 14 tahun)"
        ),
    )
    TALENT = "pasal_71", gettext_lazy("Pasal 71: pekerjaan untuk mengembangkan bakat dan minat")


#: The short form the decree's appendix and the history print: "Pasal 69".
GROUND_SHORT: dict[str, str] = {
    AgeExceptionGround.LIGHT_WORK: "Pasal 69",
    AgeExceptionGround.CURRICULUM: "Pasal 70",
    AgeExceptionGround.TALENT: "Pasal 71",
}

#: (lowest, highest) age in completed years each ground allows; ``None``: up to the minimum working age.
GROUND_AGES: dict[str, tuple[int, int | None]] = {
    AgeExceptionGround.LIGHT_WORK: (13, 15),  # UU 13/2003 Pasal 69 ayat (1)
    AgeExceptionGround.CURRICULUM: (14, None),  # UU 13/2003 Pasal 70 ayat (2)
    AgeExceptionGround.TALENT: (YOUNGEST_EXCEPTABLE, None),  # Pasal 71: no age in the Act; product floor
}


def age_on(birth: datetime.date, day: datetime.date) -> int:
    """Completed years on ``day`` of someone born on ``birth``."""
    years = day.year - birth.year
    if _add_years(birth, years) > day:
        years -= 1
    return years


def exception_note(ground: str) -> str:
    """What the decree's appendix adds to the row's *Keterangan*: "Pengecualian usia: Pasal 69"."""
    return "Pengecualian usia: " + GROUND_SHORT.get(ground, ground)


def not_exceptable(age: int) -> str:
    """Why no ground can except a worker of this age, or "" when one can."""
    if age < YOUNGEST_EXCEPTABLE:
        return _(
            "pekerja berumur %(age)d tahun pada awal kontrak; anak di bawah %(min)d tahun tidak dapat "
            "dipekerjakan dan tidak dapat diberi pengecualian usia (UU 13/2003 Pasal 68–71)"
        ) % {"age": age, "min": YOUNGEST_EXCEPTABLE}
    return ""


def ground_refusal(ground: str, age: int, *, min_age: int) -> str:
    """Why ``ground`` does not cover a worker aged ``age`` at the start of the contract ("" when it does)."""
    if age >= min_age:
        return _(
            "Pekerja sudah berumur %(min)d tahun pada awal kontrak; pengecualian usia tidak diperlukan."
        ) % {"min": min_age}
    refusal = not_exceptable(age)
    if refusal:
        return refusal[0].upper() + refusal[1:] + "."
    lowest, highest = GROUND_AGES[ground]
    if age < lowest:
        return _(
            "%(ground)s hanya berlaku bagi anak berumur paling sedikit %(low)d tahun; pekerja ini berumur %(age)d "
            "tahun pada awal kontrak."
        ) % {"ground": GROUND_SHORT[ground], "low": lowest, "age": age}
    if highest is not None and age > highest:
        return _(
            "%(ground)s hanya berlaku bagi anak berumur %(low)d sampai dengan %(high)d tahun; pekerja ini berumur "
            "%(age)d tahun pada awal kontrak."
        ) % {"ground": GROUND_SHORT[ground], "low": lowest, "high": highest, "age": age}
    return ""
