"""Every generated page is well-formed HTML5: no parse error from html5lib, one charset declaration, unique ids.

No exception is made for Material's own markup: the whole document is checked.
"""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import html5lib
from html5lib.constants import E as MESSAGES

from browser import built_site, html_pages  # noqa: F401 - fixtures are registered by importing them


def parse_errors(data: bytes) -> list[str]:
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(data, transport_encoding="utf-8")
    out = []
    for (line, column), code, variables in parser.errors:
        try:
            message = MESSAGES.get(code, code) % (variables or {})
        except (TypeError, KeyError, ValueError):
            message = f"{code} {variables}"
        out.append(f"{line}:{column}: {code}: {message}")
    return out


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids[value] += 1

    handle_startendtag = handle_starttag


def test_every_page_parses_without_html5_errors(built_site):
    pages = html_pages(built_site)
    assert len(pages) > 50
    problems = []
    for path in pages:
        for error in parse_errors(path.read_bytes()):
            problems.append(f"{path.relative_to(built_site)}:{error}")
    assert not problems, f"{len(problems)} HTML5 parse errors:\n" + "\n".join(problems)


def test_every_page_declares_utf8_first(built_site):
    bad = []
    for path in html_pages(built_site):
        head = path.read_bytes()[:1024].decode("utf-8", "replace").lower()
        if not head.lstrip().startswith("<!doctype html>") or not re.search(r'<meta charset="?utf-8"?\s*/?>', head):
            bad.append(str(path.relative_to(built_site)))
    assert not bad, "no <!doctype html> or no <meta charset=utf-8> in the first 1024 bytes:\n" + "\n".join(bad)


def test_ids_are_unique_on_every_page(built_site):
    duplicates = []
    for path in html_pages(built_site):
        collector = _Ids()
        collector.feed(path.read_text(encoding="utf-8"))
        duplicates += [f"{path.relative_to(built_site)}: id={name!r} ×{n}"
                       for name, n in collector.ids.items() if n > 1]
    assert not duplicates, "duplicate ids (fragments and labels become ambiguous):\n" + "\n".join(duplicates)
