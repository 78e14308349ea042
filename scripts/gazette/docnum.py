"""Vietnamese document numbers ("số, ký hiệu"): parse, normalise, find in prose.

Grammar: Nghị định 30/2020/NĐ-CP (Appendix I, III) and the 2015 Law on normative
documents. Real text is messy (spaces, missing strokes, look-alike Ð, dots), so
matching is lenient and output is canonical.
"""
from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

__all__ = [
    "DocumentNumberError", "DocumentNumber", "Mention", "TYPE_CODES",
    "type_code_for_name", "parse_document_number", "find_document_numbers",
]


class DocumentNumberError(ValueError):
    """The text is not a document number."""


_VI_MARKS = re.compile("[\u0300-\u036f]")


def _fold(s: str) -> str:
    # Private on purpose: gazette.text is written concurrently and this module
    # must not depend on its exact behaviour. đ has no decomposition, hence the map.
    if s.isascii():
        return s.lower()
    s = unicodedata.normalize("NFD", unicodedata.normalize("NFC", s).lower())
    s = _VI_MARKS.sub("", s).replace("đ", "d").replace("ð", "d")
    # Vietnamese is ASCII by now; other scripts take the slow exact path.
    return s if s.isascii() else "".join(c for c in s if not unicodedata.combining(c))


def _light(s: str) -> str:
    # Keeps đ distinct from d: HĐ (Hợp đồng) and HD (Hướng dẫn) are different codes.
    return unicodedata.normalize("NFC", s).lower().replace("ð", "đ")


# Order matters: the first code for a name wins in type_code_for_name, so the
# 2020 codes come before their pre-2020 equivalents.
TYPE_CODES: dict[str, str] = {
    # Appendix III, Nghị định 30/2020/NĐ-CP
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế",
    "QyĐ": "Quy định", "TC": "Thông cáo", "TB": "Thông báo", "HD": "Hướng dẫn",
    "CTr": "Chương trình", "KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án",
    "DA": "Dự án", "BC": "Báo cáo", "BB": "Biên bản", "TTr": "Tờ trình",
    "HĐ": "Hợp đồng", "CĐ": "Công điện", "BGN": "Bản ghi nhớ", "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền", "GM": "Giấy mời", "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép", "PG": "Phiếu gửi", "PC": "Phiếu chuyển", "PB": "Phiếu báo",
    # copies
    "SY": "Bản sao y", "TrS": "Bản trích sao", "SL": "Bản sao lục",
    # before 2020
    "GN": "Bản ghi nhớ", "TTh": "Bản thỏa thuận", "UQ": "Giấy ủy quyền", "NP": "Giấy nghỉ phép",
    # normative, joint, consolidated
    "NĐ": "Nghị định", "TT": "Thông tư", "TTLT": "Thông tư liên tịch",
    "NQLT": "Nghị quyết liên tịch", "VBHN": "Văn bản hợp nhất",
    # Communist Party "Quy định" (08-QĐi/TW)
    "QĐi": "Quy định",
}
# Party-only codes: outside a Party number "CV"/"KL" would turn ordinary letters
# into typed documents, so they are recognised in the N-TYPE/ISSUER shape only.
_PARTY_ONLY = {"CV": "Công văn", "KL": "Kết luận"}

_EXACT = {_light(c): c for c in TYPE_CODES}
# Missing-stroke spellings (QD, ND, QyD) resolve to the đ code unless the
# stroke-less spelling is itself a code (HD, DA stay Hướng dẫn, Dự án).
_LOOSE = {_fold(c): c for c in reversed(list(TYPE_CODES)) if _fold(c) not in _EXACT}
_JOINT = {"TTLT", "NQLT"}
_GLUE_WITH_YEAR = ("TTLT", "NQLT", "VBHN", "NĐ", "QĐ", "NQ", "TT", "CT")
_GLUE_ISSUERS = {"cp", "ttg", "ubnd", "hdnd"}
_ISSUER_CASE = {"ttg": "TTg", "hdnd": "HĐND", "bcd": "BCĐ"}
_MIXED = {_light(c) for c in (*TYPE_CODES, "TTg")}
_ASSEMBLY = re.compile(r"(?:ubtv)?qh[0-9]{1,2}")

_NAME_TO_CODE: dict[str, str] = {}
for _c, _n in TYPE_CODES.items():
    _NAME_TO_CODE.setdefault(_fold(_n), _c)

_TYPE_WORDS = {_fold(n): n for n in (
    *TYPE_CODES.values(), *_PARTY_ONLY.values(), "Công văn", "Văn bản", "Luật", "Bộ luật",
    "Pháp lệnh", "Lệnh", "Thông báo kết luận", "Hiến pháp")}


def type_code_for_name(name: str) -> str | None:
    """Canonical code for a type name ("quyet dinh" -> "QĐ"); None if unknown."""
    if not isinstance(name, str):
        return None
    return _NAME_TO_CODE.get(" ".join(_fold(name).split()))


def _type_code(part: str) -> str | None:
    return _EXACT.get(_light(part)) or _LOOSE.get(_fold(part))


def _canon_part(part: str) -> str:
    light = _light(part)
    return _ISSUER_CASE.get(light) or _ISSUER_CASE.get(_fold(part)) or light.upper()


def _letters(s: str) -> int:
    return sum(c.isalpha() for c in s)


@dataclass(frozen=True)
class DocumentNumber:
    number: int
    suffix: str
    year: int | None
    type_code: str | None
    issuer: str
    units: tuple[str, ...]
    shape: str

    # computed once per number: a build asks for them hundreds of thousands of times (links, search terms)
    @cached_property
    def canonical(self) -> str:
        head = f"{self.number:02d}{self.suffix}"
        tail = "-".join((self.issuer, *self.units))
        if self.shape == "party":
            return f"{head}-{self.type_code}/{tail}"
        if self.year is not None:
            head += f"/{self.year}"
        return f"{head}/{self.type_code}-{tail}" if self.type_code else f"{head}/{tail}"

    @cached_property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", _fold(self.canonical)).strip("-")

    @cached_property
    def key(self) -> str:
        return _fold(self.canonical)

    @property
    def type_name(self) -> str | None:
        if self.shape == "letter":
            return "Công văn"
        if self.type_code is None:
            return None
        return TYPE_CODES.get(self.type_code) or _PARTY_ONLY.get(self.type_code)

    def __str__(self) -> str:
        return self.canonical


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    number: DocumentNumber
    type_word: str | None
    date: datetime.date | None


# Every quantifier is bounded and every part must end at a word boundary, so a
# failed attempt costs O(1) and a scan is linear in the text length.
_L = "A-Za-z\u00d0\u00f0\u0110\u0111"
_PART = rf"[{_L}][{_L}0-9]{{0,19}}(?:&[{_L}0-9]{{1,19}})?(?![\w\u0300-\u036f])"
_SP = r"[ \t\u00a0]{0,2}"
# Word processors turn "-" into non-breaking or en dashes inside symbols.
_D = r"[\-\u2010\u2011\u2013]"
_CORE = rf"""
(?P<num>[0-9]{{1,6}})(?P<suf>[A-Za-z])?
(?:
    {_SP}{_D}{_SP}(?P<pcode>{_PART}){_SP}/{_SP}(?P<pisr>{_PART}(?:{_D}{_PART}){{0,3}})
  | {_SP}/{_SP}(?:(?P<year>[0-9]{{4}}){_SP}/{_SP})?
    (?P<sym>{_PART}(?:(?:{_SP}{_D}{_SP}|[./]){_PART}){{0,7}})
)"""
_FULL = re.compile(_CORE, re.VERBOSE)
# Not after a word, path, decimal or hyphen: keeps URLs, dates and ranges out.
_FIND = re.compile(r"(?<![\w/.\-\u2010\u2011\u2013&\u0300-\u036f])" + _CORE, re.VERBOSE)
_TOKEN = re.compile(r"([ \t\u00a0]*[-./\u2010\u2011\u2013][ \t\u00a0]*)?([^ \t\u00a0\-./\u2010\u2011\u2013]+)")
_PREFIX = re.compile(r"\s*s[oốô]\s*[:.]?\s*", re.IGNORECASE)
_TRAIL = re.compile(r"[\s.,;:!?)\]…]+\Z")


_GLUE_ANY = [(c, len(c), _fold(c), _light(c)) for c in sorted(TYPE_CODES, key=len, reverse=True)]
_GLUE_YEAR = [g for g in _GLUE_ANY if g[0] in _GLUE_WITH_YEAR]
_GLUE_START = re.compile("|".join(sorted({g[2] for g in _GLUE_ANY}, key=len, reverse=True)))


def _unglue(part: str, with_year: bool) -> tuple[str, str] | None:
    """Split a missing-dash symbol ("NĐCP" -> "NĐ", "CP"); None if not glued."""
    folded = _fold(part)
    if not _GLUE_START.match(folded):
        return None
    light = _light(part)
    for code, n, code_fold, code_light in _GLUE_YEAR if with_year else _GLUE_ANY:
        if folded[:n] != code_fold or (light[:n] != code_light and _type_code(part[:n]) != code):
            continue
        if _letters(part[n:]) >= 2 and (with_year or folded[n:] in _GLUE_ISSUERS):
            return part[:n], part[n:]
    return None


def _build(num: str, suf: str | None, year_s: str | None, parts: list[str],
           pcode: str | None = None) -> DocumentNumber:
    number, suffix = int(num), (suf or "").lower()
    year = int(year_s) if year_s else None
    if number == 0:
        raise DocumentNumberError("document numbers start at 1")
    if year is not None and not 1900 <= year <= 2099:
        raise DocumentNumberError(f"implausible year {year}")
    if pcode is not None:
        code = _type_code(pcode) or (_canon_part(pcode) if _canon_part(pcode) in _PARTY_ONLY else None)
        if code is None:
            raise DocumentNumberError(f"unknown Party type code {pcode!r}")
        typed, shape = [code, *parts], "party"
    else:
        if len(parts) == 1 and (glued := _unglue(parts[0], year is not None)):
            parts = list(glued)
        if _ASSEMBLY.fullmatch(_fold(parts[0])):
            code, typed, shape = None, [None, *parts], "assembly"
        elif (code := _type_code(parts[0])) and len(parts) > 1:
            typed = parts
            shape = ("joint" if code in _JOINT else "consolidated" if code == "VBHN"
                     else "normative" if year is not None else "administrative")
        else:  # no type code: a công văn, the first part is the issuer
            code, typed, shape = None, [None, *parts], "letter"
    issuer, *units = (_canon_part(p) for p in typed[1:])
    if _letters(issuer) < 2:
        raise DocumentNumberError(f"issuer code too short: {issuer!r}")
    return DocumentNumber(number, suffix, year, code, issuer, tuple(units), shape)


def _split_symbol(sym: str) -> list[str]:
    return [m.group(2) for m in _TOKEN.finditer(sym)]


def parse_document_number(text: str, *, type_word: str | None = None) -> DocumentNumber:
    """Parse one whole document number; raise DocumentNumberError otherwise.

    type_word ("Công văn", "Chỉ thị", ...) resolves the issuer/type collision the
    way a reader would: "Công văn số 1234/CT-TTHT" is a letter from issuer CT.
    """
    if not isinstance(text, str):
        raise DocumentNumberError(f"not a document number: {text!r}")
    s = unicodedata.normalize("NFC", text)
    if prefix := _PREFIX.match(s):
        s = s[prefix.end():]
    s = _TRAIL.sub("", s).strip()
    m = _FULL.fullmatch(s)
    if m is None:
        raise DocumentNumberError(f"not a document number: {text!r}")
    try:
        if m.group("pcode"):
            dn = _build(m["num"], m["suf"], None, _split_symbol(m["pisr"]), m["pcode"])
        else:
            dn = _build(m["num"], m["suf"], m["year"], _split_symbol(m["sym"]))
    except DocumentNumberError as exc:
        raise DocumentNumberError(f"not a document number: {text!r} ({exc})") from None
    return _as_letter(dn) if type_word and _fold(type_word).strip() == "cong van" else dn


def _as_letter(dn: DocumentNumber) -> DocumentNumber:
    # Only the yearless typed shape can be a misread letter (1234/CT-TTHT).
    if dn.shape != "administrative":
        return dn
    return DocumentNumber(dn.number, dn.suffix, None, None, _canon_part(dn.type_code),
                          (dn.issuer, *dn.units), "letter")


# "(quy phạm) pháp luật số …" ends a longer noun phrase; it does not name the type.
_TYPE_WORD_RE = re.compile(
    r"(?<![a-z0-9])(?<!phap )(" + "|".join(sorted(map(re.escape, _TYPE_WORDS), key=len, reverse=True))
    + r")\s*(?:so\s*[:.]?)?\s*\Z")
_SO_RE = re.compile(r"(?<![a-z0-9])so\s*[:.]?\s*\Z")
_DATE_RE = re.compile(
    r"\s*[,;]?\s*\(?\s*(?:(?:da\s+)?(?:duoc\s+)?ban\s+hanh\s+)?ngay\s*:?\s*([0-9]{1,2})"
    r"(?:\s*([/.\-])\s*([0-9]{1,2})\s*\2\s*([0-9]{4})"
    r"|\s+thang\s+([0-9]{1,2}),?\s+nam\s+([0-9]{4}))(?![0-9])")


def _codeish(part: str) -> bool:
    return part.upper() == part or _light(part) in _MIXED


def _caps_word_follows(text: str, pos: int) -> bool:
    m = re.match(r"[ \t\u00a0]+(\w{2,})", text[pos:pos + 40])
    return bool(m) and m.group(1).isupper()


def _date_after(text: str, pos: int) -> datetime.date | None:
    window = text[pos:pos + 60]
    if "ng" not in window.lower():  # cheap filter: every date form starts with "ngày"
        return None
    m = _DATE_RE.match(_fold(window))
    if not m:
        return None
    day, month, year = (m[1], m[3], m[4]) if m[2] else (m[1], m[5], m[6])
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _mention(text: str, m: re.Match) -> Mention | None:
    start = m.start("num")
    if m.group("pcode"):
        first, end = m["pcode"], m.end()
        dn = _build(m["num"], m["suf"], None, _split_symbol(m["pisr"]), m["pcode"])
    else:
        base = m.start("sym")
        tokens = [(t[1] or "", t[2], base + t.end()) for t in _TOKEN.finditer(m["sym"])]
        kept = tokens[:1]
        for sep, part, pend in tokens[1:]:
            # A spaced " - " often introduces the title ("754/QĐ-UBND - Ban hành…"),
            # and "." may end a sentence without a space: only code-like parts continue.
            if sep != sep.strip() and (not _codeish(part) or _letters(part) < 2
                                       or _caps_word_follows(text, pend)):
                break
            if sep.strip() in "./" and _codeish(kept[0][1]) and not _codeish(part):
                break
            kept.append((sep, part, pend))
        first, end = kept[0][1], kept[-1][2]
        dn = _build(m["num"], m["suf"], m["year"], [p for _, p, _ in kept])
    # The longest type word plus "số:" fits in 40 characters, even in NFD.
    before = _fold(text[max(0, start - 40):start])
    tw = _TYPE_WORD_RE.search(before)
    type_word = _TYPE_WORDS[tw.group(1)] if tw else None
    # Without "số" or a type word, lower-case "5/ha"-like text is not a number.
    if not tw and not _SO_RE.search(before) and not any(c.isupper() for c in first):
        return None
    if type_word == "Công văn":
        dn = _as_letter(dn)
    return Mention(start, end, text[start:end], dn, type_word, _date_after(text, end))


def find_document_numbers(text: str) -> list[Mention]:
    """All document numbers cited in prose, in order. Never raises."""
    if not isinstance(text, str) or "/" not in text:   # every number has a slash (_CORE): most prose has none
        return []
    found = []
    for m in _FIND.finditer(text):
        try:
            mention = _mention(text, m)
        except (DocumentNumberError, ValueError, IndexError):
            continue
        if mention is not None:
            found.append(mention)
    return found
