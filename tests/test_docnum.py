"""Tests for gazette.docnum: Vietnamese document numbers (domain.md §1)."""
from __future__ import annotations

import datetime
import re
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# The package lives under scripts/ and is not necessarily installed in the venv.
_SCRIPTS = str(Path(__file__).resolve().parents[1] / "scripts")
if _SCRIPTS not in sys.path:
    sys.path.insert(0, _SCRIPTS)

from gazette.docnum import (  # noqa: E402
    TYPE_CODES,
    DocumentNumber,
    DocumentNumberError,
    Mention,
    find_document_numbers,
    parse_document_number,
    type_code_for_name,
)

D = datetime.date

# text, canonical, shape, type_code, issuer, units, year
PARSE_CASES = [
    # administrative N/TYPE-ISSUER
    ("754/QĐ-UBND", "754/QĐ-UBND", "administrative", "QĐ", "UBND", (), None),
    ("3052/QĐ-UBND", "3052/QĐ-UBND", "administrative", "QĐ", "UBND", (), None),
    ("15/KH-BQLKCN", "15/KH-BQLKCN", "administrative", "KH", "BQLKCN", (), None),
    ("08/CTr-UBND", "08/CTr-UBND", "administrative", "CTr", "UBND", (), None),
    ("1494/TTr-SNV", "1494/TTr-SNV", "administrative", "TTr", "SNV", (), None),
    ("12/QyĐ-UBND", "12/QyĐ-UBND", "administrative", "QyĐ", "UBND", (), None),
    ("7/TrS-VP", "07/TrS-VP", "administrative", "TrS", "VP", (), None),
    ("3/TTh-UBND", "03/TTh-UBND", "administrative", "TTh", "UBND", (), None),
    ("45/HD-SNV", "45/HD-SNV", "administrative", "HD", "SNV", (), None),
    ("45/HĐ-SNV", "45/HĐ-SNV", "administrative", "HĐ", "SNV", (), None),
    ("9/ĐA-UBND", "09/ĐA-UBND", "administrative", "ĐA", "UBND", (), None),
    ("9/DA-UBND", "09/DA-UBND", "administrative", "DA", "UBND", (), None),
    ("88/CĐ-UBND", "88/CĐ-UBND", "administrative", "CĐ", "UBND", (), None),
    ("1234/CT-TTHT", "1234/CT-TTHT", "administrative", "CT", "TTHT", (), None),
    ("11/CT-UBND", "11/CT-UBND", "administrative", "CT", "UBND", (), None),
    ("12/QĐ-TTg", "12/QĐ-TTg", "administrative", "QĐ", "TTg", (), None),
    ("30c/NQ-CP", "30c/NQ-CP", "administrative", "NQ", "CP", (), None),
    ("36a/NQ-CP", "36a/NQ-CP", "administrative", "NQ", "CP", (), None),
    ("05/QĐ-UBND", "05/QĐ-UBND", "administrative", "QĐ", "UBND", (), None),
    ("5/QĐ-UBND", "05/QĐ-UBND", "administrative", "QĐ", "UBND", (), None),
    # letters N/ISSUER-UNIT
    ("123/UBND-KT", "123/UBND-KT", "letter", None, "UBND", ("KT",), None),
    ("2231/SNV-CCHC&PC", "2231/SNV-CCHC&PC", "letter", None, "SNV", ("CCHC&PC",), None),
    ("4919/VPCP-KTTH", "4919/VPCP-KTTH", "letter", None, "VPCP", ("KTTH",), None),
    ("1038/NCN - CT", "1038/NCN-CT", "letter", None, "NCN", ("CT",), None),
    ("321/UBND", "321/UBND", "letter", None, "UBND", (), None),
    # normative N/YYYY/TYPE-ISSUER
    ("30/2018/QĐ-UBND", "30/2018/QĐ-UBND", "normative", "QĐ", "UBND", (), 2018),
    ("42/2022/NĐ-CP", "42/2022/NĐ-CP", "normative", "NĐ", "CP", (), 2022),
    ("26/2020/TT-BTTTT", "26/2020/TT-BTTTT", "normative", "TT", "BTTTT", (), 2020),
    ("30/2020/NĐ-CP", "30/2020/NĐ-CP", "normative", "NĐ", "CP", (), 2020),
    ("12/2019/NQ-HĐND", "12/2019/NQ-HĐND", "normative", "NQ", "HĐND", (), 2019),
    ("97/2007/NQ.HĐND.K7", "97/2007/NQ-HĐND-K7", "normative", "NQ", "HĐND", ("K7",), 2007),
    ("42/2022/NĐCP", "42/2022/NĐ-CP", "normative", "NĐ", "CP", (), 2022),
    ("56/ 2015/ NĐ - CP", "56/2015/NĐ-CP", "normative", "NĐ", "CP", (), 2015),
    ("44 /2005/QĐ-UBND", "44/2005/QĐ-UBND", "normative", "QĐ", "UBND", (), 2005),
    # joint
    ("55/2005/TTLT-BNV-VPCP", "55/2005/TTLT-BNV-VPCP", "joint", "TTLT", "BNV", ("VPCP",), 2005),
    ("183/2010/TTLT/BTC-BNN", "183/2010/TTLT-BTC-BNN", "joint", "TTLT", "BTC", ("BNN",), 2010),
    # assembly
    ("80/2015/QH13", "80/2015/QH13", "assembly", None, "QH13", (), 2015),
    ("01/2016/QH14", "01/2016/QH14", "assembly", None, "QH14", (), 2016),
    ("1211/2016/UBTVQH13", "1211/2016/UBTVQH13", "assembly", None, "UBTVQH13", (), 2016),
    # consolidated
    ("26/VBHN-NHNN", "26/VBHN-NHNN", "consolidated", "VBHN", "NHNN", (), None),
    # Party
    ("11-CT/TU", "11-CT/TU", "party", "CT", "TU", (), None),
    ("09-NQ/TU", "09-NQ/TU", "party", "NQ", "TU", (), None),
    ("08-QĐi/TW", "08-QĐi/TW", "party", "QĐi", "TW", (), None),
    ("45-CV/TU", "45-CV/TU", "party", "CV", "TU", (), None),
    # messy spellings normalise to the canonical code
    ("754/QD-UBND", "754/QĐ-UBND", "administrative", "QĐ", "UBND", (), None),
    ("754/qđ-ubnd", "754/QĐ-UBND", "administrative", "QĐ", "UBND", (), None),
    ("754/QÐ-UBND", "754/QĐ-UBND", "administrative", "QĐ", "UBND", (), None),
    ("754/qð-ubnd", "754/QĐ-UBND", "administrative", "QĐ", "UBND", (), None),
    ("12/qyđ-ubnd", "12/QyĐ-UBND", "administrative", "QyĐ", "UBND", (), None),
    ("12/QYD-UBND", "12/QyĐ-UBND", "administrative", "QyĐ", "UBND", (), None),
    ("08/ctr-ubnd", "08/CTr-UBND", "administrative", "CTr", "UBND", (), None),
    ("12/2020/ND-CP", "12/2020/NĐ-CP", "normative", "NĐ", "CP", (), 2020),
    ("12/QĐ-TTG", "12/QĐ-TTg", "administrative", "QĐ", "TTg", (), None),
    ("754/QĐUBND", "754/QĐ-UBND", "administrative", "QĐ", "UBND", (), None),
    ("08-qdi/tw", "08-QĐi/TW", "party", "QĐi", "TW", (), None),
    ("Số: 27/2017/QĐ-UBND", "27/2017/QĐ-UBND", "normative", "QĐ", "UBND", (), 2017),
    ("số 754/QĐ-UBND", "754/QĐ-UBND", "administrative", "QĐ", "UBND", (), None),
    ("  Số:754/QĐ-UBND.  ", "754/QĐ-UBND", "administrative", "QĐ", "UBND", (), None),
    ("754/QĐ-UBND,", "754/QĐ-UBND", "administrative", "QĐ", "UBND", (), None),
    ("123/QĐ\u2013UBND", "123/QĐ-UBND", "administrative", "QĐ", "UBND", (), None),
    ("So\u0302\u0301 12/QĐ-UBND", "12/QĐ-UBND", "administrative", "QĐ", "UBND", (), None),  # NFD "Số"
]


@pytest.mark.parametrize("text, canonical, shape, code, issuer, units, year", PARSE_CASES)
def test_parse(text, canonical, shape, code, issuer, units, year):
    dn = parse_document_number(text)
    assert (dn.canonical, dn.shape, dn.type_code, dn.issuer, dn.units, dn.year) == (
        canonical, shape, code, issuer, units, year)
    assert parse_document_number(dn.canonical) == dn
    assert str(dn) == canonical


@pytest.mark.parametrize("text, number, suffix", [
    ("05/QĐ-UBND", 5, ""), ("5/QĐ-UBND", 5, ""), ("30c/NQ-CP", 30, "c"),
    ("36A/NQ-CP", 36, "a"), ("123456/BTC-TCT", 123456, ""),
])
def test_number_and_suffix(text, number, suffix):
    dn = parse_document_number(text)
    assert (dn.number, dn.suffix) == (number, suffix)


@pytest.mark.parametrize("text, slug, key", [
    ("754/QĐ-UBND", "754-qd-ubnd", "754/qd-ubnd"),
    ("30/2020/NĐ-CP", "30-2020-nd-cp", "30/2020/nd-cp"),
    ("2231/SNV-CCHC&PC", "2231-snv-cchc-pc", "2231/snv-cchc&pc"),
    ("08-QĐi/TW", "08-qdi-tw", "08-qdi/tw"),
    ("30c/NQ-CP", "30c-nq-cp", "30c/nq-cp"),
    ("5/QyĐ-UBND", "05-qyd-ubnd", "05/qyd-ubnd"),
    ("12/QĐ-TTg", "12-qd-ttg", "12/qd-ttg"),
    ("97/2007/NQ.HĐND.K7", "97-2007-nq-hdnd-k7", "97/2007/nq-hdnd-k7"),
])
def test_slug_and_key(text, slug, key):
    dn = parse_document_number(text)
    assert (dn.slug, dn.key) == (slug, key)


@pytest.mark.parametrize("variants", [
    ["754/QĐ-UBND", "754/QD-UBND", "754/qđ-ubnd", "754/QÐ-UBND", "754/ QĐ - UBND", "Số: 754/QĐ-UBND."],
    ["05/QĐ-UBND", "5/QĐ-UBND", "5/qd-ubnd"],
    ["56/2015/NĐ-CP", "56/ 2015/ NĐ - CP", "56/2015/NĐCP", "56/2015/nd-cp", "56/2015/NÐ-CP"],
    ["97/2007/NQ-HĐND-K7", "97/2007/NQ.HĐND.K7", "97/2007/NQ-HDND-K7"],
    ["183/2010/TTLT-BTC-BNN", "183/2010/TTLT/BTC-BNN", "183/2010/ttlt-btc-bnn"],
    ["08-QĐi/TW", "08-QDi/TW", "8-qđi/tw"],
])
def test_variants_share_key(variants):
    keys = {parse_document_number(v).key for v in variants}
    assert len(keys) == 1
    assert len({parse_document_number(v).canonical for v in variants}) == 1


@pytest.mark.parametrize("text, name", [
    ("754/QĐ-UBND", "Quyết định"), ("30/2020/NĐ-CP", "Nghị định"), ("26/2020/TT-BTTTT", "Thông tư"),
    ("123/UBND-KT", "Công văn"), ("26/VBHN-NHNN", "Văn bản hợp nhất"),
    ("55/2005/TTLT-BNV-VPCP", "Thông tư liên tịch"), ("80/2015/QH13", None),
    ("08/CTr-UBND", "Chương trình"), ("1494/TTr-SNV", "Tờ trình"), ("08-QĐi/TW", "Quy định"),
    ("11-CT/TU", "Chỉ thị"), ("15/KH-BQLKCN", "Kế hoạch"),
])
def test_type_name(text, name):
    assert parse_document_number(text).type_name == name


NOT_NUMBERS = [
    "", "   ", "31/3/2020", "31/03/2020", "681/814", "11/63", "xếp hạng 11/63", "83,7%", "V/v", "v/v",
    "24/7", "10:30", "10h30", "123", "1.124", "/tin-tuc/2020/", "/tin-tuc/2020/05/ke-hoach",
    "754/QĐ-UBND - Ban hành kế hoạch", "Quyết định số 754/QĐ-UBND", "754/QĐ-UBND và 755/QĐ-UBND",
    "12/A3", "0/QĐ-UBND", "12/1234/QĐ-UBND", "1234567/QĐ-UBND", "QĐ-UBND", "/QĐ-UBND", "754/",
    "754/QĐ-", "754//QĐ-UBND", "754/2020/", "Không số", "11-XYZ/TU", "5/người", "12/Điều",
    "754/QĐ-UBND-", "abc", "2019-2020", "http://example.vn/754/QD-UBND",
]


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_parse_rejects(text):
    with pytest.raises(DocumentNumberError):
        parse_document_number(text)


def test_error_message_names_the_text():
    with pytest.raises(DocumentNumberError, match="681/814"):
        parse_document_number("681/814")


def test_error_is_value_error_even_for_non_strings():
    with pytest.raises(ValueError):
        parse_document_number(None)  # type: ignore[arg-type]


def test_type_word_decides_collision_in_parse():
    dn = parse_document_number("1234/CT-TTHT", type_word="Công văn")
    assert (dn.shape, dn.type_code, dn.issuer, dn.units) == ("letter", None, "CT", ("TTHT",))
    assert dn.key == parse_document_number("1234/CT-TTHT").key
    assert parse_document_number("11/CT-UBND", type_word="Chỉ thị").type_code == "CT"


@pytest.mark.parametrize("name, code", [
    ("Quyết định", "QĐ"), ("quyet dinh", "QĐ"), ("QUYẾT ĐỊNH", "QĐ"), ("Nghị định", "NĐ"),
    ("Quy định", "QyĐ"), ("Chương trình", "CTr"), ("Tờ trình", "TTr"), ("Kế hoạch", "KH"),
    ("Hướng dẫn", "HD"), ("Hợp đồng", "HĐ"), ("Đề án", "ĐA"), ("Dự án", "DA"),
    ("Văn bản hợp nhất", "VBHN"), ("Thông tư liên tịch", "TTLT"), ("Bản thoả thuận", "BTT"),
    ("Bản trích sao", "TrS"), ("Công văn", None), ("Luật", None), ("", None),
])
def test_type_code_for_name(name, code):
    assert type_code_for_name(name) == code


def test_type_codes_table():
    expected = {"NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC",
                "BB", "TTr", "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB",
                "SY", "TrS", "SL", "GN", "TTh", "UQ", "NP", "NĐ", "TT", "TTLT", "VBHN", "QĐi"}
    assert expected <= set(TYPE_CODES)
    assert TYPE_CODES["QĐi"] == "Quy định" and TYPE_CODES["NĐ"] == "Nghị định"
    for code in TYPE_CODES:  # every code parses back to itself, whatever the case
        assert parse_document_number(f"1/{code.lower()}-UBND").type_code == code


SEED = ("Thực hiện Quyết định số 754/QĐ-UBND, ngày 31/3/2020 của Chủ tịch UBND tỉnh Bình Thuận về việc "
        "Công bố kết quả đánh giá, xếp loại Chỉ số cải cách hành chính năm 2019")

# sentence, [(text, canonical, type_word, date)]
FIND_CASES = [
    (SEED, [("754/QĐ-UBND", "754/QĐ-UBND", "Quyết định", D(2020, 3, 31))]),
    ("theo Quyết định số 3052/QĐ-UBND ngày 28/11/2019 của Chủ tịch UBND tỉnh",
     [("3052/QĐ-UBND", "3052/QĐ-UBND", "Quyết định", D(2019, 11, 28))]),
    ("Căn cứ Quyết định số: 27/2017/QĐ-UBND ngày 25/7/2017 của UBND tỉnh",
     [("27/2017/QĐ-UBND", "27/2017/QĐ-UBND", "Quyết định", D(2017, 7, 25))]),
    ("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư",
     [("30/2020/NĐ-CP", "30/2020/NĐ-CP", "Nghị định", D(2020, 3, 5))]),
    ("Kế hoạch 15/KH-BQLKCN ngày 31-3-2020 của Ban Quản lý",
     [("15/KH-BQLKCN", "15/KH-BQLKCN", "Kế hoạch", D(2020, 3, 31))]),
    ("Chỉ thị số 11/CT-UBND ngày 2/4/2020", [("11/CT-UBND", "11/CT-UBND", "Chỉ thị", D(2020, 4, 2))]),
    ("Chỉ thị số 11-CT/TU của Tỉnh ủy", [("11-CT/TU", "11-CT/TU", "Chỉ thị", None)]),
    ("theo Quy định 08-QĐi/TW của Bộ Chính trị", [("08-QĐi/TW", "08-QĐi/TW", "Quy định", None)]),
    ("Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13",
     [("80/2015/QH13", "80/2015/QH13", None, None)]),
    ("Luật số 80/2015/QH13 ngày 22 tháng 6 năm 2015", [("80/2015/QH13", "80/2015/QH13", "Luật", D(2015, 6, 22))]),
    ("Thông tư liên tịch số 55/2005/TTLT-BNV-VPCP hướng dẫn",
     [("55/2005/TTLT-BNV-VPCP", "55/2005/TTLT-BNV-VPCP", "Thông tư liên tịch", None)]),
    ("Văn bản hợp nhất số 26/VBHN-NHNN", [("26/VBHN-NHNN", "26/VBHN-NHNN", "Văn bản hợp nhất", None)]),
    ("Tờ trình số 1494/TTr-SNV ngày 12/5/2020", [("1494/TTr-SNV", "1494/TTr-SNV", "Tờ trình", D(2020, 5, 12))]),
    ("Nghị quyết 30c/NQ-CP của Chính phủ", [("30c/NQ-CP", "30c/NQ-CP", "Nghị quyết", None)]),
    ("theo Nghị định 56/ 2015/ NĐ - CP và Quyết định 44 /2005/QĐ-UBND.",
     [("56/ 2015/ NĐ - CP", "56/2015/NĐ-CP", "Nghị định", None),
      ("44 /2005/QĐ-UBND", "44/2005/QĐ-UBND", "Quyết định", None)]),
    ("Công văn số 1038/NCN - CT ngày 3/3/2021", [("1038/NCN - CT", "1038/NCN-CT", "Công văn", D(2021, 3, 3))]),
    ("Nghị quyết số 97/2007/NQ.HĐND.K7 của HĐND tỉnh",
     [("97/2007/NQ.HĐND.K7", "97/2007/NQ-HĐND-K7", "Nghị quyết", None)]),
    ("Thông tư liên tịch 183/2010/TTLT/BTC-BNN", [("183/2010/TTLT/BTC-BNN", "183/2010/TTLT-BTC-BNN",
                                                  "Thông tư liên tịch", None)]),
    ("Nghị định 42/2022/NĐCP quy định", [("42/2022/NĐCP", "42/2022/NĐ-CP", "Nghị định", None)]),
    ("Quyết định 754/QD-UBND và 755/QÐ-UBND",
     [("754/QD-UBND", "754/QĐ-UBND", "Quyết định", None), ("755/QÐ-UBND", "755/QĐ-UBND", None, None)]),
    ("Quyết định số 754/QĐ-UBND - Ban hành kế hoạch cải cách hành chính",
     [("754/QĐ-UBND", "754/QĐ-UBND", "Quyết định", None)]),
    ("QUYẾT ĐỊNH SỐ 754/QĐ-UBND - BAN HÀNH KẾ HOẠCH", [("754/QĐ-UBND", "754/QĐ-UBND", "Quyết định", None)]),
    ("…theo 754/QĐ-UBND. Theo đó, các sở", [("754/QĐ-UBND", "754/QĐ-UBND", None, None)]),
    ("…theo 754/QĐ-UBND.Theo đó", [("754/QĐ-UBND", "754/QĐ-UBND", None, None)]),
    ("Số: 123/UBND-VX V/v triển khai", [("123/UBND-VX", "123/UBND-VX", None, None)]),
    ("Công văn số 2231/SNV-CCHC&PC ngày 1/10/2020",
     [("2231/SNV-CCHC&PC", "2231/SNV-CCHC&PC", "Công văn", D(2020, 10, 1))]),
    ("(Công văn 4919/VPCP-KTTH)", [("4919/VPCP-KTTH", "4919/VPCP-KTTH", "Công văn", None)]),
    ("Hướng dẫn số 09-HD/TU ngày 31.12.2019", [("09-HD/TU", "09-HD/TU", "Hướng dẫn", D(2019, 12, 31))]),
    ("xem số 754/qđ-ubnd", [("754/qđ-ubnd", "754/QĐ-UBND", None, None)]),
    ("Chương trình số 08/CTr-UBND, ngày 05 tháng 01 năm 2020",
     [("08/CTr-UBND", "08/CTr-UBND", "Chương trình", D(2020, 1, 5))]),
    ("Quyết định 754/QĐ-UBND ngày 31/2/2020", [("754/QĐ-UBND", "754/QĐ-UBND", "Quyết định", None)]),
]


@pytest.mark.parametrize("sentence, expected", FIND_CASES)
def test_find(sentence, expected):
    found = find_document_numbers(sentence)
    got = [(m.text, m.number.canonical, m.type_word, m.date) for m in found]
    assert got == expected
    for m in found:
        assert sentence[m.start:m.end] == m.text
        assert isinstance(m, Mention)


def test_find_seed_span_exact():
    (m,) = find_document_numbers(SEED)
    assert (m.start, m.end) == (SEED.index("754"), SEED.index("754") + len("754/QĐ-UBND"))


def test_find_type_word_decides_issuer_collision():
    (cv,) = find_document_numbers("Công văn số 1234/CT-TTHT ngày 5/3/2021 của Cục Thuế")
    assert (cv.number.shape, cv.number.type_code, cv.number.issuer, cv.number.units) == (
        "letter", None, "CT", ("TTHT",))
    assert cv.number.type_name == "Công văn"
    (ct,) = find_document_numbers("Chỉ thị số 11/CT-UBND của Chủ tịch")
    assert (ct.number.shape, ct.number.type_code, ct.number.issuer) == ("administrative", "CT", "UBND")


@pytest.mark.parametrize("sentence", [
    "ngày 31/3/2020", "ngày 31/03/2020", "tỷ lệ 681/814 hồ sơ", "xếp hạng 11/63 tỉnh, thành phố",
    "đạt 83,7%", "V/v triển khai", "phục vụ 24/7", "lúc 10:30 ngày 1/1", "có 1.124 lượt xem",
    "https://binhthuan.gov.vn/tin-tuc/2020/05/ke-hoach-so-1", "/van-ban/754/QD-UBND",
    "năng suất 20/ha", "5/người/tháng", "học sinh lớp 12/A3", "trong giai đoạn 2019-2020",
    "COVID-19/SARS", "Không số", "khoản 2/Điều 5", "", "tháng 3/2020",
])
def test_find_rejects(sentence):
    assert find_document_numbers(sentence) == []


# --- property-based -----------------------------------------------------------

_codes = st.sampled_from(sorted(TYPE_CODES))
_FOLDED_CODES = {c.upper().replace("Đ", "D") for c in TYPE_CODES}
# A generated issuer must not itself be a type code: in first symbol position a type code is read as the
# type (domain.md: `1234/CT-TTHT` is a Chỉ thị unless a type word says otherwise), so "1/DA-A" is not a letter.
_issuers = st.sampled_from(["UBND", "CP", "TTg", "BQLKCN", "SNV", "HĐND", "BTC", "NHNN", "TU", "TW",
                            "VPCP", "BNV"]) | st.from_regex(r"[A-Z]{2,6}", fullmatch=True).filter(
                                lambda s: s not in _FOLDED_CODES)
_units = st.lists(st.from_regex(r"[A-Z][A-Z0-9]{0,5}", fullmatch=True), max_size=2)


@st.composite
def _numbers(draw):
    num = draw(st.integers(1, 999_999))
    head = str(num).zfill(draw(st.integers(1, 3))) + draw(st.sampled_from(["", "a", "b", "C"]))
    issuer, units = draw(_issuers), draw(_units)
    tail = "-".join([issuer, *units])
    year = draw(st.integers(1945, 2099))
    shape = draw(st.sampled_from(["admin", "normative", "letter", "party", "assembly", "glued"]))
    if shape == "admin":
        return f"{head}/{draw(_codes)}-{tail}"
    if shape == "normative":
        return f"{head}/{year}/{draw(_codes)}-{tail}"
    if shape == "letter":
        return f"{head}/{tail}"
    if shape == "party":
        return f"{head}-{draw(_codes)}/{tail}"
    if shape == "assembly":
        return f"{head}/{year}/{draw(st.sampled_from(['QH', 'UBTVQH']))}{draw(st.integers(1, 15))}"
    return f"{head}/{year}/{draw(st.sampled_from(['NĐ', 'QĐ', 'TT', 'NQ']))}{issuer}"


def _mess(text: str, draw) -> str:
    """Apply the real-world variants of domain.md §1 that must not change the key."""
    if draw(st.booleans()):
        text = text.lower()
    if draw(st.booleans()):
        text = text.replace("Đ", "\u00d0").replace("đ", "\u00f0")
    if draw(st.booleans()):
        text = text.replace("/", " / ", 1)
    return draw(st.sampled_from(["", "Số: ", "số "])) + text + draw(st.sampled_from(["", ".", ",", " "]))


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@settings(max_examples=400, deadline=None)
@given(_numbers(), st.data())
def test_property_round_trip(text, data):
    dn = parse_document_number(text)
    assert parse_document_number(dn.canonical) == dn
    assert _SLUG.fullmatch(dn.slug), dn.slug
    assert dn.shape in {"administrative", "letter", "normative", "joint", "assembly", "consolidated", "party"}
    messy = _mess(text, data.draw)
    assert parse_document_number(messy).key == dn.key
    found = find_document_numbers(f"Căn cứ văn bản số {text} ngày 31/3/2020 của UBND tỉnh")
    assert [m.number.key for m in found] == [dn.key]


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_property_parse_only_raises_document_number_error(text):
    try:
        dn = parse_document_number(text)
    except DocumentNumberError:
        return
    assert isinstance(dn, DocumentNumber)
    assert parse_document_number(dn.canonical) == dn


_near = st.text(alphabet="0123456789/-. :,QĐđÐðqdUBNDTCPHKhnsốSố \t\n&aV", max_size=80)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), _near))
def test_property_find_never_raises(text):
    for m in find_document_numbers(text):
        assert text[m.start:m.end] == m.text
        assert 0 <= m.start < m.end <= len(text)
        assert parse_document_number(m.text).key == m.number.key


@settings(max_examples=300, deadline=None)
@given(_near)
def test_property_parse_near_misses(text):
    try:
        dn = parse_document_number(text)
    except DocumentNumberError:
        return
    assert parse_document_number(dn.canonical) == dn


# --- guard against catastrophic backtracking (generous bound: not a benchmark) --------------
# CPU time of this process, not wall time: other tests running in parallel must not make it flaky.

@pytest.mark.parametrize("unit", ["1/", "a-", "1-", "A-", "1/A-", "1/A.", "A&", "1/2020/", "1" * 7, "QĐ-",
                                  "1 / a / "])
def test_linear_time_adversarial(unit):
    text = unit * (1_000_000 // len(unit))
    t0 = time.process_time()
    assert find_document_numbers(text) == []
    with pytest.raises(DocumentNumberError):
        parse_document_number(text)
    assert time.process_time() - t0 < 5


@pytest.mark.parametrize("unit", ["754/QĐ-UBND ", "số 1/ab-", "1 / AB - ", "Quyết định số 1/QĐ-UBND ngày 1/1/2020. "])
def test_linear_time_dense_mentions(unit):
    # Every repetition is a real mention, so this is bounded by per-mention work.
    text = unit * (200_000 // len(unit))
    t0 = time.process_time()
    assert find_document_numbers(text)
    assert time.process_time() - t0 < 5
