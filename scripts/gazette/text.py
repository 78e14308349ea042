"""Vietnamese text helpers: normalisation, folding, slugs, collation, date and number formats.

Stdlib only, so every other module (and the importer, and tests) can rely on it without the output layer.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:
    TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
except ZoneInfoNotFoundError:  # pragma: no cover - Windows without the tzdata package
    # Vietnam has kept UTC+7 without DST since 1975, so a fixed offset gives the same answers for
    # every date this site will ever publish.
    TIMEZONE = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")  # type: ignore[assignment]

# đ has no Unicode decomposition, so stripping marks would leave it; ð/Ð (Icelandic eth) and ɖ/Ɖ
# (African D) are what legacy fonts and OCR put in its place.
_D_LOOKALIKES = str.maketrans({"đ": "d", "ð": "d", "ɖ": "d", "Đ": "d", "Ð": "d", "Ɖ": "d"})

_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_TONE_CLASS = "[\u0300\u0309\u0303\u0301\u0323]"


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def fold(s: str) -> str:
    # Decompose first so NFC and NFD inputs follow identical paths; lower() may itself produce
    # composed or combining characters (İ -> i + U+0307), hence the second decomposition.
    s = unicodedata.normalize("NFD", unicodedata.normalize("NFD", s).lower())
    return "".join(c for c in s if not unicodedata.combining(c)).translate(_D_LOOKALIKES)


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65_536)   # the same tags, categories and headings come back on page after page
def slugify(s: str) -> str:
    return _NON_ALNUM.sub("-", fold(s)).strip("-")


# Tone placement differs only in open syllables ending in oa/oe/uy ("hoá"/"hóa", "thuỷ"/"thủy");
# with a final consonant or a third vowel ("hoàn", "ngoại", "khuỷu") both styles agree. The canonical
# form keeps the mark on the first vowel. The initial must be a Vietnamese one so foreign words
# ("Chloé") stay intact, and "qu" is excluded because its u is part of the consonant ("quý").
_INITIALS = "ngh|ch|gh|gi|kh|ng|nh|ph|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_TONE_SHIFT = re.compile(
    rf"(?<![^\W\d_])(?<![\u0300-\u036f])((?:{_INITIALS})?)(o(?=[ae])|u(?=y))([aey])({_TONE_CLASS})"
    r"(?![^\W_]|[\u0300-\u036f])",
    re.IGNORECASE,
)


def modernize_tones(s: str) -> str:
    """Return NFC text with tone marks of oa/oe/uy placed on the first vowel: "hoá" -> "hóa"."""

    def shift(m: re.Match[str]) -> str:
        initial, first, second, tone = m.groups()
        return initial + first + tone + second

    return nfc(_TONE_SHIFT.sub(shift, unicodedata.normalize("NFD", s)))


_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # f j w z sit where Latin puts them
_RANK = {c: i for i, c in enumerate(_ALPHABET)}
# Marks that make a distinct letter in Vietnamese rather than a secondary difference.
_LETTER_MARKS = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
                 ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}


def _units(s: str) -> list[tuple[str, list[str]]]:
    """Split NFD text into (base character, combining marks) pairs."""
    units: list[tuple[str, list[str]]] = []
    for c in unicodedata.normalize("NFD", s):
        if unicodedata.combining(c) and units:
            units[-1][1].append(c)
        else:
            units.append((c, []))
    return units


def collation_key(s: str) -> tuple:
    """Sort key for Vietnamese order: letters, then tones, then case, then the raw string."""
    primary, secondary, tertiary = [], [], []
    for base, marks in _units(s):
        # lower() can yield a letter plus marks (İ -> i + U+0307): keep the letter, treat the rest as marks.
        low, *lowered_marks = unicodedata.normalize("NFD", base.lower())
        low = "đ" if low in ("ð", "ɖ") else low
        marks = lowered_marks + marks
        tone, other = 0, []
        for m in marks:
            if (low, m) in _LETTER_MARKS:
                low = _LETTER_MARKS[(low, m)]
            elif m in _TONES and not tone:
                tone = _TONES[m]
            else:
                other.append(ord(m))
        if low in _RANK:
            primary.append((2, _RANK[low]))
        elif low.isdigit():
            primary.append((1, ord(low)))
        elif low.isalpha():
            primary.append((3, ord(low[0])))
        else:  # spaces and punctuation before everything, so "ba ba" < "bab"
            primary.append((0, ord(base)))
        secondary.append((tone, tuple(other)))
        tertiary.append(1 if base.isupper() else 0)
    return tuple(primary), tuple(secondary), tuple(tertiary), s


_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def format_date(d: date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


def format_date_padded(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def format_date_formal(d: date) -> str:
    # Nghị định 30/2020 pads days below 10 and months 1-2 in headers so "tháng 01" cannot be
    # altered into "tháng 10/11/12" by hand.
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def weekday_name(d: date) -> str:
    return _WEEKDAYS[d.weekday()]


def format_date_with_weekday(d: date) -> str:
    return f"{weekday_name(d)}, {format_date(d)}"


def format_month(year: int, month: int) -> str:
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {month}")
    return f"Tháng {month}/{year}"


def _round_half_up(n: int | float, decimals: int) -> Decimal:
    # repr() gives the shortest decimal that round-trips, so 1.005 rounds to 1.01 as written,
    # not to 1.00 as its binary value would.
    value = Decimal(n) if isinstance(n, int) else Decimal(repr(float(n)))
    if not value.is_finite():
        raise ValueError(f"cannot format {n!r}")
    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + decimals + 2)  # room for every digit of huge ints
        return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(n: int | float, decimals: int = 0) -> str:
    """Vietnamese grouping: "1.234.567", "83,7". Halves round up, as readers of reports expect."""
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    value = _round_half_up(n, decimals)
    text = format(value.copy_abs(), f",.{decimals}f").translate(str.maketrans(",.", ".,"))
    # A negative value that rounds to zero prints without a sign ("-0,0" reads as an error).
    return "-" + text if value < 0 else text


def format_percent(x: float, decimals: int = 1) -> str:
    return format_number(x, decimals) + "%"


_SIZE_UNITS = ("B", "KB", "MB", "GB", "TB")


def format_size(nbytes: int) -> str:
    """Attachment size in binary units with one decimal: "512 B", "12,3 KB", "1 MB"."""
    if nbytes < 0:
        raise ValueError("size must be >= 0")
    if nbytes < 1024:
        return f"{nbytes} B"
    value, unit = float(nbytes), 0
    # Decide the unit after rounding, so 1048575 B shows as "1 MB" rather than "1.024 KB".
    while unit < len(_SIZE_UNITS) - 1 and _round_half_up(value, 1) >= 1024:
        value /= 1024
        unit += 1
    text = format_number(value, 1)
    return f"{text[:-2] if text.endswith(',0') else text} {_SIZE_UNITS[unit]}"


def today() -> date:
    return datetime.now(TIMEZONE).date()


def to_vietnam_datetime(d: date | datetime) -> datetime:
    if isinstance(d, datetime):  # checked first: datetime is a subclass of date
        return d.replace(tzinfo=TIMEZONE) if d.tzinfo is None else d.astimezone(TIMEZONE)
    return datetime(d.year, d.month, d.day, tzinfo=TIMEZONE)


def format_iso(dt: date | datetime) -> str:
    return to_vietnam_datetime(dt).isoformat(timespec="seconds")
