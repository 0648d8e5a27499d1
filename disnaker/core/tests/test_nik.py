import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disnaker.core.nik import PROVINCE_CODES, NikError, nik_build, nik_mask, nik_parse


def test_a_womans_nik_has_day_plus_40():
    nik = nik_parse("3216015508950003")
    assert (nik.province, nik.regency, nik.district) == ("32", "16", "01")
    assert nik.sex == "P"
    assert nik.birth_date(reference=datetime.date(1995, 8, 15)) == datetime.date(1995, 8, 15)


def test_the_century_comes_from_the_stated_birth_date():
    nik = nik_parse("3216011001050001")
    assert nik.birth_date(reference=datetime.date(2005, 1, 10)) == datetime.date(2005, 1, 10)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("321601100105000", "nik_format"),
        ("32160110010500012", "nik_format"),
        ("3216O11001050001", "nik_format"),
        ("9916011001050001", "nik_province"),
        ("3216013201050001", "nik_birth_date"),
        ("3216017213050001", "nik_birth_date"),
        ("3216011001050000", "nik_serial"),
    ],
)
def test_malformed_niks_are_refused_with_a_code(value, code):
    with pytest.raises(NikError) as exc:
        nik_parse(value)
    assert exc.value.code == code and str(exc.value)


@given(
    province=st.sampled_from(sorted(PROVINCE_CODES)),
    regency=st.integers(1, 99),
    district=st.integers(1, 99),
    birth=st.dates(datetime.date(1940, 1, 1), datetime.date(2010, 12, 31)),
    sex=st.sampled_from(["L", "P"]),
    serial=st.integers(1, 9999),
)
def test_build_and_parse_round_trip(province, regency, district, birth, sex, serial):
    value = nik_build(
        region=f"{province}{regency:02d}",
        district=f"{district:02d}",
        birth_date=birth,
        sex=sex,
        serial=serial,
    )
    nik = nik_parse(value)
    assert len(value) == 16
    assert nik.sex == sex and int(nik.serial) == serial
    assert nik.birth_date(reference=birth) == birth


def test_mask_keeps_first_six_and_last_four():
    assert nik_mask("3216015508950003") == "321601******0003"
