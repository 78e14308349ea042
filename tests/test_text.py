import re
import sys
import unicodedata
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

try:
    import gazette  # noqa: F401
except ImportError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from gazette import text
from gazette.text import (
    TIMEZONE, collation_key, fold, format_date, format_date_formal, format_date_padded,
    format_date_with_weekday, format_iso, format_month, format_number, format_percent, format_size,
    modernize_tones, nfc, slugify, to_vietnam_datetime, today, weekday_name,
)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# Text that exercises the interesting parts: Vietnamese letters with every tone, both cases,
# the đ look-alikes, combining marks on their own, and anything else Unicode offers.
VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵðÐ"
viet_text = st.text(alphabet=st.sampled_from(VIET + " -/0123456789.,\u0300\u0301\u0309\u0303\u0323"))
any_text = st.one_of(viet_text, st.text())


# --- nfc / fold ---------------------------------------------------------------------------------

def test_nfc_composes_nfd_input():
    assert nfc(nfd("Quyết định")) == "Quyết định"
    assert len(nfc(nfd("ệ"))) == 1


@pytest.mark.parametrize("raw, folded", [
    ("Đường Hồ Chí Minh", "duong ho chi minh"),
    ("ĐƯỜNG HỒ CHÍ MINH", "duong ho chi minh"),
    ("Ðà Lạt", "da lat"),                              # U+00D0 look-alike
    ("ðồng", "dong"),
    ("Quyết định 754/QĐ-UBND", "quyet dinh 754/qd-ubnd"),
    ("Ban  Bàn\tBạn", "ban  ban\tban"),                # whitespace kept as is
    ("Lâm Đồng", "lam dong"),
    ("thủy lợi, thuỷ lợi", "thuy loi, thuy loi"),
])
def test_fold(raw, folded):
    assert fold(raw) == folded
    assert fold(nfd(raw)) == folded


def test_fold_mixed_nfc_nfd_in_one_string():
    mixed = "Sở " + nfd("Nội vụ") + " tỉnh " + nfd("Bình Thuận")
    assert fold(mixed) == "so noi vu tinh binh thuan"


@given(any_text)
def test_fold_ignores_normalization_form(s):
    assert fold(nfd(s)) == fold(nfc(s))


@given(any_text)
def test_fold_is_idempotent(s):
    assert fold(fold(s)) == fold(s)


@given(viet_text)
def test_fold_of_vietnamese_is_plain_ascii(s):
    assert re.fullmatch(r"[a-z0-9 ./,\-]*", fold(s))


# --- slugify ------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, slug", [
    ("Quyết định 754/QĐ-UBND", "quyet-dinh-754-qd-ubnd"),
    ("Nghị định 30/2020/NĐ-CP", "nghi-dinh-30-2020-nd-cp"),
    (nfd("Đường Hồ Chí Minh"), "duong-ho-chi-minh"),
    ("  Kế hoạch số 15/KH-BQLKCN — cải cách hành chính!  ", "ke-hoach-so-15-kh-bqlkcn-cai-cach-hanh-chinh"),
    ("ÐIỀU CHỈNH", "dieu-chinh"),
    ("83,7%", "83-7"),
    ("", ""),
    ("— / —", ""),
])
def test_slugify(raw, slug):
    assert slugify(raw) == slug


@given(any_text)
def test_slugify_shape(s):
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slugify(s))


# --- modernize_tones ------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, canonical", [
    ("hoá", "hóa"), ("hóa", "hóa"), ("Hoà Bình", "Hòa Bình"), ("HOÁ", "HÓA"),
    ("thuỷ", "thủy"), ("thủy", "thủy"), ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
    ("khoẻ", "khỏe"), ("loè loẹt", "lòe loẹt"), ("tuỳ", "tùy"), ("xoá bỏ", "xóa bỏ"), ("oà", "òa"),
    ("hiện đại hoá, công nghiệp hoá.", "hiện đại hóa, công nghiệp hóa."),
    # both styles agree here, so nothing moves
    ("hoàn thành", "hoàn thành"), ("ngoại vụ", "ngoại vụ"), ("khuỷu", "khuỷu"), ("thuyền", "thuyền"),
    ("quý", "quý"), ("Quỳnh", "Quỳnh"), ("toán", "toán"), ("hoa", "hoa"),
    ("Chloé", "Chloé"),  # not a Vietnamese syllable
])
def test_modernize_tones(raw, canonical):
    assert modernize_tones(raw) == canonical
    assert modernize_tones(nfd(raw)) == canonical


def test_modernize_tones_makes_styles_equal():
    assert modernize_tones("Sở Khoa học và Công nghệ; thuỷ lợi hoá") == \
        modernize_tones("Sở Khoa học và Công nghệ; thủy lợi hóa")


@given(any_text)
def test_modernize_tones_properties(s):
    once = modernize_tones(s)
    assert once == nfc(once)
    assert modernize_tones(once) == once
    assert modernize_tones(nfd(s)) == modernize_tones(nfc(s))
    assert fold(once) == fold(s)


# --- collation_key ------------------------------------------------------------------------------

def vsorted(words):
    return sorted(words, key=collation_key)


def test_sort_letters_and_tones():
    words = ["đá", "da", "dạ", "dà", "ăn", "an", "ân", "ba", "ư", "u"]
    assert vsorted(words) == ["an", "ăn", "ân", "ba", "da", "dà", "dạ", "đá", "u", "ư"]


def test_sort_all_tones_in_order():
    assert vsorted(["mạ", "má", "mã", "mả", "mà", "ma"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_sort_vowel_letters():
    assert vsorted(["ơ", "o", "ô", "ê", "e", "y", "v", "x"]) == ["e", "ê", "o", "ô", "ơ", "v", "x", "y"]


def test_sort_letters_before_tones():
    # the letter difference in the second syllable outweighs the tone in the first
    assert vsorted(["bà con", "ba lô"]) == ["bà con", "ba lô"]
    assert vsorted(["dạy", "đa"]) == ["dạy", "đa"]


def test_sort_is_case_insensitive_on_letters():
    assert vsorted(["Bình", "an", "Đà Lạt", "dân"]) == ["an", "Bình", "dân", "Đà Lạt"]
    assert vsorted(["Ban", "ban"]) == ["ban", "Ban"]


def test_sort_place_names():
    names = ["Lâm Đồng", "Bình Thuận", "Đắk Lắk", "Đà Nẵng", "Cà Mau", "An Giang", "Ủy ban", "Ninh Thuận"]
    assert vsorted(names) == ["An Giang", "Bình Thuận", "Cà Mau", "Đà Nẵng", "Đắk Lắk", "Lâm Đồng",
                              "Ninh Thuận", "Ủy ban"]


def test_collation_ignores_normalization_form_and_lookalike():
    assert collation_key(nfd("Đường"))[:3] == collation_key("Đường")[:3]
    assert collation_key("Ðà")[:2] == collation_key("Đà")[:2]


def test_collation_key_is_total():
    assert collation_key("hóa") != collation_key(nfd("hóa"))
    assert vsorted([nfd("hóa"), "hóa"]) == vsorted(["hóa", nfd("hóa")])


@given(st.lists(any_text))
def test_collation_never_raises_and_is_deterministic(words):
    once = vsorted(words)
    assert vsorted(list(reversed(words))) == once
    assert vsorted(once) == once


# --- dates --------------------------------------------------------------------------------------

def test_date_formats():
    d = date(2020, 3, 31)
    assert format_date(d) == "31/3/2020"
    assert format_date_padded(d) == "31/03/2020"
    assert format_date_formal(d) == "ngày 31 tháng 3 năm 2020"
    assert format_date(date(2020, 1, 5)) == "5/1/2020"
    assert format_date_padded(date(2020, 1, 5)) == "05/01/2020"


@pytest.mark.parametrize("d, formal", [
    (date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),
    (date(2020, 2, 29), "ngày 29 tháng 02 năm 2020"),
    (date(2020, 3, 5), "ngày 05 tháng 3 năm 2020"),
    (date(2015, 6, 19), "ngày 19 tháng 6 năm 2015"),
    (date(2025, 12, 10), "ngày 10 tháng 12 năm 2025"),
])
def test_format_date_formal(d, formal):
    assert format_date_formal(d) == formal


def test_weekdays():
    assert weekday_name(date(2020, 4, 10)) == "Thứ Sáu"
    start = date(2020, 4, 6)  # a Monday
    names = [weekday_name(start + timedelta(days=i)) for i in range(7)]
    assert names == ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
    assert format_date_with_weekday(date(2020, 4, 10)) == "Thứ Sáu, 10/4/2020"
    assert format_date_with_weekday(datetime(2020, 4, 12, 23, 0)) == "Chủ Nhật, 12/4/2020"


def test_format_month():
    assert format_month(2020, 3) == "Tháng 3/2020"
    assert format_month(2025, 12) == "Tháng 12/2025"
    with pytest.raises(ValueError):
        format_month(2020, 13)


# --- numbers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, out", [
    ((0,), "0"), ((999,), "999"), ((1124,), "1.124"), ((1234567,), "1.234.567"), ((-1124,), "-1.124"),
    ((83.7, 1), "83,7"), ((1234.5, 2), "1.234,50"), ((1124.6,), "1.125"), ((0.5,), "1"),
    ((1.005, 2), "1,01"), ((-0.04, 1), "0,0"), ((-2.25, 1), "-2,3"), ((10**30,), "1" + ".000" * 10),
    ((8, 0), "8"),
])
def test_format_number(args, out):
    assert format_number(*args) == out


def test_format_number_rejects_nonsense():
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError):
            format_number(bad)
    with pytest.raises(ValueError):
        format_number(1, -1)


@given(st.integers())
def test_format_number_round_trips_integers(n):
    assert int(format_number(n).replace(".", "")) == n


def test_format_percent():
    assert format_percent(83.7) == "83,7%"
    assert format_percent(100) == "100,0%"
    assert format_percent(12.345, 2) == "12,35%"
    assert format_percent(50, 0) == "50%"


@pytest.mark.parametrize("nbytes, out", [
    (0, "0 B"), (512, "512 B"), (1023, "1023 B"), (1024, "1 KB"), (12595, "12,3 KB"),
    (1572864, "1,5 MB"), (1048575, "1 MB"), (5 * 1024**3, "5 GB"),
])
def test_format_size(nbytes, out):
    assert format_size(nbytes) == out


def test_format_size_rejects_negative():
    with pytest.raises(ValueError):
        format_size(-1)


# --- time zone ----------------------------------------------------------------------------------

def test_timezone_is_utc_plus_7():
    assert datetime(2020, 7, 1, tzinfo=TIMEZONE).utcoffset() == timedelta(hours=7)
    assert datetime(2020, 1, 1, tzinfo=TIMEZONE).utcoffset() == timedelta(hours=7)


def test_to_vietnam_datetime():
    assert to_vietnam_datetime(date(2020, 4, 10)) == datetime(2020, 4, 10, tzinfo=TIMEZONE)
    naive = to_vietnam_datetime(datetime(2020, 4, 10, 8, 30))
    assert naive.utcoffset() == timedelta(hours=7) and naive.hour == 8
    # 20:00 UTC is already the next day in Vietnam
    aware = to_vietnam_datetime(datetime(2020, 4, 9, 20, 0, tzinfo=timezone.utc))
    assert (aware.date(), aware.hour) == (date(2020, 4, 10), 3)


def test_format_iso():
    assert format_iso(datetime(2020, 4, 10, 8, 30)) == "2020-04-10T08:30:00+07:00"
    assert format_iso(datetime(2020, 4, 10, 1, 30, 15, 999, tzinfo=timezone.utc)) == "2020-04-10T08:30:15+07:00"
    assert format_iso(date(2020, 4, 10)) == "2020-04-10T00:00:00+07:00"


def test_today_uses_vietnam_time(monkeypatch):
    class FakeDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            # 18:30 UTC on 31/12/2025 is 01:30 on 1/1/2026 in Vietnam
            return datetime(2025, 12, 31, 18, 30, tzinfo=timezone.utc).astimezone(tz)

    monkeypatch.setattr(text, "datetime", FakeDatetime)
    assert today() == date(2026, 1, 1)
