import datetime

import pytest
from django.core.exceptions import ValidationError

from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.kinds import kind_spec
from disnaker.decrees.numbering import (
    date_id,
    format_nip,
    format_number,
    roman_month,
    terbilang,
    validate_nip,
    validate_number_pattern,
)

#: The default pattern the pkwt app registers for its decree (``decrees.kinds``).
DEFAULT_PKWT_NUMBER_PATTERN = kind_spec(DecreeKind.PKWT_REGISTRATION).number_pattern_default


def test_roman_months():
    assert [roman_month(m) for m in range(1, 13)] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
                                                      "XI", "XII"]  # fmt: skip


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 1, 5), "500.15/7/PKWT/Disnaker/I/2026"),
        (datetime.date(2026, 4, 30), "500.15/7/PKWT/Disnaker/IV/2026"),
        (datetime.date(2027, 9, 1), "500.15/7/PKWT/Disnaker/IX/2027"),
        (datetime.date(2026, 12, 31), "500.15/7/PKWT/Disnaker/XII/2026"),
    ],
)
def test_default_pattern(day, expected):
    assert format_number(DEFAULT_PKWT_NUMBER_PATTERN, sequence=7, day=day) == expected


def test_format_specs_and_numeric_month():
    day = datetime.date(2026, 3, 9)
    assert format_number("{seq:04d}/PKWT/{month:02d}/{year}", sequence=12, day=day) == "0012/PKWT/03/2026"
    assert format_number("{seq}-{month}-{year}", sequence=1, day=day) == "1-3-2026"


@pytest.mark.parametrize(
    "pattern",
    [
        "500/{seq}/PKWT",
        "{year}/PKWT",
        "{seq}/{bulan}/{year}",
        "{seq/{year}",
        "{seq:zz}/{year}",
        "{0}/{seq}/{year}",
    ],
)
def test_bad_patterns_are_refused(pattern):
    with pytest.raises(ValidationError):
        validate_number_pattern(pattern)


def test_good_patterns_pass():
    validate_number_pattern(DEFAULT_PKWT_NUMBER_PATTERN)
    validate_number_pattern("{seq:03d}/{month:02d}/{year}")


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (11, "sebelas"),
        (15, "lima belas"),
        (20, "dua puluh"),
        (100, "seratus"),
        (120, "seratus dua puluh"),
        (999, "sembilan ratus sembilan puluh sembilan"),
        (1000, "seribu"),
        (1250, "seribu dua ratus lima puluh"),
        (5000, "lima ribu"),
        (20000, "dua puluh ribu"),
        (100001, "seratus ribu satu"),
        (2_000_000, "dua juta"),
    ],
)
def test_terbilang(number, words):
    assert terbilang(number) == words


def test_date_in_indonesian():
    assert date_id(datetime.date(2026, 8, 17)) == "17 Agustus 2026"


def test_nip():
    validate_nip("197001011995031001")
    assert format_nip("197001011995031001") == "19700101 199503 1 001"
    for bad in ("19700101199503100", "1970010119950310011", "19701301199503 1001", "197002301995031001",
                "197001011995131001", "197001011995033001", "19700101199503100a"):  # fmt: skip
        with pytest.raises(ValidationError):
            validate_nip(bad)
