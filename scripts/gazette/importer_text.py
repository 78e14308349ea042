"""Rules of `gazette import` for one piece of page text: boilerplate, date lines, source lines, mojibake.

Pure functions over strings (no files, no HTML), shared by the plain-text and the HTML paths. Matching is
done on folded text (`text.fold`: no diacritics, đ→d, lower case) so "Lượt xem", "LƯỢT XEM" and
"Luot xem" are one rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from .text import fold


@dataclass
class Block:
    """One paragraph-like unit of a page, in reading order."""
    markdown: str                 # what goes into the body
    plain: str                    # its text, for the rules
    kind: str = "para"            # para | h1 | heading | li | table | image | quote
    strong: bool = False          # all of its text is bold (a lead, on portals)
    lead: bool = False            # marked as the lead by the page (class="sapo" …)
    ordered: bool = False         # li of an <ol>
    depth: int = 0                # li nesting
    links: tuple[str, ...] = ()   # hrefs of links and images it holds
    attachment: bool = False      # it links to a file (PDF, Word …)

    @property
    def media_only(self) -> bool:
        """An image or file link with no text of its own besides a caption or file name."""
        return self.kind == "image" or (self.attachment and len(self.plain) <= 200)


# --- boilerplate ---------------------------------------------------------------------------------------

_BULLETS = re.compile(r"^[\s\u2022\u00b7\u25cf\u25aa\u25ba\u2023\u2043\-\u2013\u2014*+>»›]+")
_NUM = r"(?:\s*[:：]?\s*[0-9][0-9.,\s]*)?"
_FRAGMENTS = [
    # visitor statistics and view counters
    r"thong ke truy cap", r"thong ke", r"so (?:luot|lan) (?:truy cap|xem)", r"tong (?:so )?(?:luot )?truy cap",
    r"luot truy cap", r"dang (?:truy cap|online|xem)", r"truc tuyen", r"online", r"hom (?:nay|qua)",
    r"(?:trong|tuan) (?:tuan|nay|truoc)", r"(?:trong|cung) thang", r"thang (?:hien tai|nay|truoc)",
    r"(?:trong|nam) (?:nam|nay)", r"khach", r"thanh vien", r"tong(?: cong)?", r"truy cap",
    r"luot xem", r"luot doc", r"da xem", r"so lan xem", r"views?", r"hits?", r"visitors?",
    # log-in box
    r"dang nhap", r"dang ky", r"dang xuat", r"quen mat khau", r"ten dang nhap", r"mat khau", r"ghi nho",
    # certification badges
    r"ipv6 ready", r"ipv6", r"ready", r"chung nhan", r"tin nhiem mang", r"website tin nhiem", r"dmca",
    # article tools
    r"in bai(?: viet)?", r"in trang", r"ban in", r"gui (?:e-?mail|bai)", r"chia se", r"share", r"tweet", r"like",
    r"quay (?:lai|ve)", r"tro (?:lai|ve)", r"ve dau trang", r"len dau trang", r"dau trang", r"phan hoi",
    r"co chu", r"a\+?", r"a-", r"zalo", r"facebook", r"email", r"print",
]
_FRAGMENT_RE = re.compile(r"(?<![a-z0-9])(?:" + "|".join(_FRAGMENTS) + r")(?![a-z0-9])" + _NUM)
_HAS_WORD = re.compile(r"[a-z]")


def folded(text: str) -> str:
    return " ".join(fold(text).split())


def boilerplate(text: str) -> bool:
    """Text made only of counters, statistics, log-in words, badges and article tools."""
    rest = _FRAGMENT_RE.sub(" ", _BULLETS.sub("", folded(text)))
    return not _HAS_WORD.search(rest)


_MENU_WORDS = {
    "trang chu", "gioi thieu", "lien he", "tin tuc", "tin tuc - su kien", "tin tuc su kien", "su kien",
    "van ban", "van ban phap quy", "van ban chi dao dieu hanh", "hoi dap", "so do trang", "so do cong",
    "so do site", "tim kiem", "english", "tieng viet", "thu tuc hanh chinh", "dich vu cong", "lich cong tac",
    "thu vien anh", "video", "hinh anh", "danh ba", "gop y", "cai cach hanh chinh", "menu", "home",
}
_SEPARATORS = re.compile(r"\s*(?:\||»|›|>|/|::)\s*")


def menu_line(text: str) -> bool:
    """A navigation line: a menu entry, a breadcrumb ("Trang chủ > Tin tức"), a row of short links."""
    f = folded(_BULLETS.sub("", text))
    if not f:
        return False
    if f in _MENU_WORDS or f.startswith(("trang chu ", "home ")):
        return True
    parts = [p for p in _SEPARATORS.split(f) if p]
    return len(parts) >= 3 and all(len(p.split()) <= 5 for p in parts) and not any(c.isdigit() for c in f)


_FOOTER = re.compile(
    r"^(?:giay phep|ban quyen|copyright|\(c\)|©|dia chi|tru so|dien thoai|dt|fax|e-?mail|hotline|website|"
    r"chiu trach nhiem|co quan chu quan|don vi quan ly|thiet ke|phat trien boi|ghi ro nguon|"
    r"cong thong tin dien tu|trang thong tin dien tu)(?![a-z])")


def footer_line(text: str) -> bool:
    """Page-footer text: address, phone, licence ("Giấy phép số …"), copyright, who runs the site."""
    f = folded(_BULLETS.sub("", text))
    return bool(_FOOTER.match(f)) or "giay phep so" in f or "chiu trach nhiem noi dung" in f


_END = re.compile(
    r"^(?:cac |nhung )?(?:tin|bai(?: viet)?)(?: tuc)? (?:lien quan|khac|cung chuyen muc|da dua|moi(?: nhat)?|"
    r"moi hon|cu hon|doc nhieu(?: nhat)?|xem nhieu(?: nhat)?|noi bat)"
    r"|^(?:xem them|y kien (?:ban doc|cua ban)|binh luan|gui (?:y kien|binh luan))(?![a-z])")


def end_marker(text: str) -> bool:
    """A heading that closes the article: "Tin liên quan", "Các tin khác", "Ý kiến bạn đọc" …"""
    f = folded(_BULLETS.sub("", text)).rstrip(" :.")
    return bool(_END.match(f)) and len(f) <= 40


# --- date lines ------------------------------------------------------------------------------------------

_WEEKDAYS = {"hai": 0, "2": 0, "ba": 1, "3": 1, "tu": 2, "4": 2, "nam": 3, "5": 3, "sau": 4, "6": 4,
             "bay": 5, "7": 5}
_WEEKDAY = re.compile(r"(?<![a-z0-9])(?:thu\s*(hai|ba|tu|nam|sau|bay|[2-7])|(chu nhat|cn)|t([2-7]))(?![a-z0-9])")
_DATE_FORMS = (
    ("formal", re.compile(r"ngay\s+([0-9]{1,2})\s+thang\s+([0-9]{1,2})\s*,?\s+nam\s+([0-9]{4})")),
    ("dmy", re.compile(r"(?<![0-9])([0-9]{1,2})\s*([/.\-])\s*([0-9]{1,2})\s*\2\s*([0-9]{4})(?![0-9])")),
    ("iso", re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?![0-9])")),
)
_TIME = re.compile(r"(?<![0-9])([0-9]{1,2})\s*(?::|h|gio)\s*([0-9]{2})?(?:\s*:\s*[0-9]{2})?(?:\s*(?:phut|'))?"
                   r"(?:\s*(am|pm|sa|ch))?(?![0-9])")
_LABELS = re.compile(
    r"(?<![a-z])(?:ngay\s+(?:dang(?:\s+tin)?|cap\s+nhat|xuat\s+ban|dang\s+bai|gui|tao|viet)|cap\s+nhat(?:\s+luc)?|"
    r"dang\s+(?:ngay|luc|tin|vao(?:\s+luc)?|bai)|thoi\s+gian(?:\s+dang)?|xuat\s+ban|posted(?:\s+on)?|"
    r"published|updated|date|ngay|luc|vao|gmt\s*\+?\s*0?7(?::?00)?|utc\s*\+?\s*0?7(?::?00)?|\+07:?00)(?![a-z])")
_SEPARATOR_CHARS = re.compile(r"[\s,;:|()\[\]\-\u2013\u2014/.•·]+")


@dataclass(frozen=True)
class DateLine:
    day: date
    time: str = ""                       # "08:30" when the line has one
    notes: tuple[str, ...] = ()


def parse_date_line(text: str, *, max_length: int = 120) -> DateLine | None:
    """A line that is only a publication date (and maybe weekday, time, label), or None.

    "Thứ Sáu, 10/04/2020 08:30", "10/4/2020", "ngày 10 tháng 4 năm 2020", "Cập nhật: 10-04-2020",
    "08:30 | 10.04.2020 (GMT+7)". A sentence that merely contains a date is not a date line.
    """
    if len(text) > max_length:
        return None
    rest = folded(text)
    for form, regex in _DATE_FORMS:
        match = regex.search(rest)
        if match:
            break
    else:
        return None
    groups = match.groups()
    if form == "formal":
        day, month, year = groups
    elif form == "dmy":
        day, _, month, year = groups
    else:
        year, month, day = groups
    rest = rest[:match.start()] + " " + rest[match.end():]
    time, notes = "", []
    time_match = _TIME.search(rest)
    if time_match:
        hour, minute, half = int(time_match[1]), int(time_match[2] or 0), time_match[3]
        if half in ("pm", "ch") and hour < 12:
            hour += 12
        elif half in ("am", "sa") and hour == 12:
            hour = 0
        if hour <= 23 and minute <= 59:
            time = f"{hour:02d}:{minute:02d}"
        rest = rest[:time_match.start()] + " " + rest[time_match.end():]
    weekday = None
    weekday_match = _WEEKDAY.search(rest)
    if weekday_match:
        word = weekday_match[1] or weekday_match[3]
        weekday = 6 if weekday_match[2] else _WEEKDAYS[word]
        rest = rest[:weekday_match.start()] + " " + rest[weekday_match.end():]
    rest = _LABELS.sub(" ", rest)
    if _SEPARATOR_CHARS.sub("", rest):
        return None
    try:
        day_value = date(int(year), int(month), int(day))
    except ValueError:
        return DateLine(date.min, "", (f"ngày `{text.strip()}` không tồn tại",))
    if weekday is not None and day_value.weekday() != weekday:
        notes.append(f"dòng ngày `{text.strip()}`: thứ trong tuần không khớp ngày {day_value:%d/%m/%Y}")
    return DateLine(day_value, time, tuple(notes))


# --- source and byline -------------------------------------------------------------------------------------

_SOURCE_STRONG = re.compile(r"^[(\[]?\s*(?:theo\s+tin\s*[:：\-\u2013]?|ngu[ồo]n\s+tin\s*[:：\-\u2013]?"
                            r"|ngu[ồo]n\s*[:：\-\u2013])\s*(?P<value>.+?)[\s.)\]]*$", re.IGNORECASE)
_SOURCE_WEAK = re.compile(r"^[(\[]?\s*theo\s+(?P<value>.+?)[\s.)\]]*$", re.IGNORECASE)
_NOT_BYLINE = {"tran trong", "kinh moi", "kinh gui", "xin cam on", "tran trong cam on", "noi nhan", "ket luan"}


def source_line(text: str, *, last: bool) -> str | None:
    """The agency a story comes from: "Theo tin VP-BQLKCN", "Nguồn: Sở Nội vụ"; "Theo X" only as the last line."""
    text = " ".join(text.split())
    if len(text) > 100 or re.search(r"[,;!?]", text.rstrip(".")):
        return None
    match = _SOURCE_STRONG.match(text)
    if match is None and last:
        match = _SOURCE_WEAK.match(text)
        if match and (len(match["value"].split()) > 6 or not match["value"][:1].isupper()
                      and not match["value"][:1].isdigit()):
            match = None
    if match is None:
        return None
    value = match["value"].strip(" \"'“”")
    if folded(value).startswith(("anh", "hinh", "video", "so lieu", "du lieu")):   # "Nguồn ảnh: …" is a credit
        return None
    return value or None


def byline(text: str) -> str | None:
    """A short signature closing an article ("PV", "Văn phòng Ban", "Minh Anh"), or None."""
    text = " ".join(text.split()).rstrip(".")
    words = text.split()
    if not words or len(text) > 40 or len(words) > 5 or re.search(r"[.!?:;,…0-9\"“”]", text):
        return None
    if not words[0][:1].isupper() or sum(1 for w in words if not w[:1].isupper()) > 1:
        return None
    if folded(text) in _NOT_BYLINE or end_marker(text) or menu_line(text) or boilerplate(text):
        return None
    return text


# --- mojibake ------------------------------------------------------------------------------------------------

_CP1252_TAIL = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014" \
               "\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_MOJIBAKE = (
    ("UTF-8 bị đọc thành Windows-1252/Latin-1 (ví dụ `Quyáº¿t`, `Ä‘`)",
     re.compile(f"[ÂÃÄÅÆÌÍ][{_CP1252_TAIL}]|[áàâãä][\u0080-\u009f\u00a1-\u00bf]|â€")),
    ("ký tự điều khiển hoặc ký tự thay thế (�): chữ đã bị mất khi chuyển bảng mã",
     re.compile("[\u0080-\u009f\ufffd]")),
    ("dấu vết bảng mã VNI/TCVN3 (ví dụ `ñ` thay cho `đ`, `Quyeát`)",
     re.compile(r"[ÄÅÆÇËÎÏÑÖØÛÜÞßäåæçëîïñöøûüþÿ]|[aAeE][áàåãäâ]|[oO][åäâ]|[aeoâêô][ùõ]"
                r"|(?<=[A-Za-z])[¡-¯±-¿]|[¡-¯±-¿](?=[A-Za-z])")),
)


@dataclass(frozen=True)
class Mojibake:
    kind: str
    sample: str          # the word it was found in


def find_mojibake(text: str) -> list[Mojibake]:
    """Words that look like text decoded with the wrong legacy encoding; reported, never repaired."""
    found: list[Mojibake] = []
    seen: set[str] = set()
    for kind, regex in _MOJIBAKE:
        for match in regex.finditer(text):
            start = max(text.rfind(" ", 0, match.start()) + 1, match.start() - 20)
            end = text.find(" ", match.end())
            end = min(len(text) if end < 0 else end, match.end() + 20)
            sample = text[start:end].strip()
            if sample not in seen:
                seen.add(sample)
                found.append(Mojibake(kind, sample))
    return found


# --- Markdown escaping -----------------------------------------------------------------------------------------

_LINE_START = re.compile(r"^(\s*)([#>+]|[-*](?=\s)|[0-9]{1,9}(?=[.)]\s)|=+\s*$|-+\s*$)", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Plain text → Markdown that shows exactly that text, never raw HTML, links or list markers."""
    text = re.sub(r"&(?=#?[A-Za-z0-9]+;)", "&amp;", text)
    text = text.replace("<", "&lt;")
    text = re.sub(r"([\\`*_\[\]{}|])", r"\\\1", text)
    return _LINE_START.sub(lambda m: m[1] + (m[2] + "\\" if m[2][:1].isdigit() else "\\" + m[2]), text)


def unique(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


@dataclass
class Notes:
    """What one input's report says: things not determined, choices made, dropped text (for --verbose)."""
    warnings: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def drop(self, why: str, text: str) -> None:
        text = " ".join(text.split())
        self.dropped.append(f"{why}: {text[:80]}{'…' if len(text) > 80 else ''}")
