"""Every internal link of the built site works: the target file exists and so does the #fragment.

No browser: every .html file is parsed with html.parser. Internal means relative or root-relative (absolute
http(s)://, mailto:, tel: and data: URLs are not followed); a `javascript:` URL anywhere is an error. A directory
URL resolves to its index.html; a path climbing above the site root is broken. All problems are reported at once.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from browser import built_site, html_pages, page_url  # noqa: F401 - fixtures are registered by importing them
from sitebuild import REPO

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "cite", "background", "longdesc"}
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "data", "ftp", "sms", "geo"}


class _Page(HTMLParser):
    """Collects (tag, attribute, url) of every URL-valued attribute, ids and anchor names, and <base href>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []
        self.anchors: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.anchors.add(values["id"])
        if tag == "a" and values.get("name"):
            self.anchors.add(values["name"])
        if tag == "base" and values.get("href") and self.base is None:
            self.base = values["href"]
        for name, value in attrs:
            if value is None:
                continue
            if name in URL_ATTRIBUTES and tag != "base":
                self.urls.append((tag, name, value))
            elif name in ("srcset", "imagesrcset"):
                for candidate in value.split(","):
                    if candidate.strip():
                        self.urls.append((tag, name, candidate.split()[0]))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            match = re.search(r"url\s*=\s*['\"]?([^'\"]+)", values.get("content") or "", re.I)
            if match:
                self.urls.append((tag, "content", match.group(1).strip()))

    handle_startendtag = handle_starttag


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def resolve(base: str, reference: str) -> str | None:
    """Root-relative path of `reference` seen from the directory URL `base`; None when it climbs above the root."""
    path = reference if reference.startswith("/") else base[: base.rfind("/") + 1] + reference
    parts: list[str] = []
    for segment in path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(segment)
    resolved = "/" + "/".join(parts)
    if (path.endswith("/") or path.endswith("/.") or path.endswith("/..")) and not resolved.endswith("/"):
        resolved += "/"
    return resolved


def target_file(site: Path, path: str) -> Path | None:
    candidate = site / unquote(path).lstrip("/")
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_site(site: Path, own_prefixes: tuple[str, ...] = ()) -> tuple[int, list[str]]:
    """(number of internal URLs checked, problems as 'page: <tag attr="url"> → reason')."""
    pages = {path: parse(path) for path in html_pages(site)}
    anchors = {path: page.anchors for path, page in pages.items()}
    checked, problems = 0, []
    for path, page in pages.items():
        source = path.relative_to(site).as_posix()
        base = page_url(site, path)
        if page.base:
            base = resolve(base, page.base) or base
        for tag, attribute, url in page.urls:
            where = f'{source}: <{tag} {attribute}="{url}">'
            stripped = re.sub(r"[\x00-\x20]", "", url).lower()
            if stripped.startswith("javascript:"):
                problems.append(f"{where} → javascript: URLs are forbidden")
                continue
            own = next((p for p in own_prefixes if url.startswith(p)), None)
            parts = urlsplit(url)
            if own is not None:
                parts = urlsplit("/" + url[len(own):])
            elif parts.scheme or parts.netloc:
                if parts.scheme and parts.scheme.lower() not in EXTERNAL_SCHEMES:
                    problems.append(f"{where} → unexpected URL scheme {parts.scheme!r}")
                continue
            if not parts.path and not parts.fragment:
                continue  # href="" or "?query": this page
            checked += 1
            resolved = resolve(base, parts.path) if parts.path else base
            if resolved is None:
                problems.append(f"{where} → climbs above the site root")
                continue
            target = target_file(site, resolved)
            if target is None:
                problems.append(f"{where} → {resolved} does not exist in the build")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in anchors.get(target, set()):
                problems.append(f"{where} → no id or name {fragment!r} in {target.relative_to(site).as_posix()}")
    return checked, problems


def report(problems: list[str]) -> str:
    broken_targets = sorted({p.rsplit(" → ", 1)[1] for p in problems})
    return (f"{len(problems)} broken internal links on {len({p.split(':', 1)[0] for p in problems})} pages, "
            f"{len(broken_targets)} distinct problems:\n  " + "\n  ".join(broken_targets)
            + "\n\nevery occurrence (page: element → problem):\n" + "\n".join(problems))


def test_every_internal_link_and_fragment_resolves(built_site):
    checked, problems = check_site(built_site)
    assert checked > 500, f"only {checked} internal URLs found: is the crawler reading the pages?"
    assert not problems, report(problems)


def test_links_to_the_sites_own_address_resolve(built_site):
    """Canonical links and any absolute URL on site_url are internal links too (as are the sitemap's <loc>)."""
    site_url = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["site_url"]
    site_url = site_url.rstrip("/") + "/"
    _, problems = check_site(built_site, own_prefixes=(site_url,))
    problems = [p for p in problems if site_url in p]
    sitemap = built_site / "sitemap.xml"
    if sitemap.is_file():
        for loc in re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap.read_text(encoding="utf-8")):
            if not loc.startswith(site_url):
                problems.append(f"sitemap.xml: <loc>{loc}</loc> → not on {site_url}")
            elif target_file(built_site, "/" + urlsplit(loc[len(site_url):]).path) is None:
                problems.append(f"sitemap.xml: <loc>{loc}</loc> → no such page in the build")
    assert not problems, report(problems)


def test_link_checker_finds_what_it_should(tmp_path):
    """The checker itself: broken file, missing fragment, root escape, javascript:, directory URL, <base>."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<!doctype html><title>t</title><h1 id="top">x</h1>'
        '<a href="a/">ok dir</a><a href="a">ok dir without slash</a><a href="a/#here">ok fragment</a>'
        '<a href="#top">ok self</a><a href="https://example.org/x">external</a><a href="mailto:a@b.c">mail</a>'
        '<a href="missing/">broken</a><a href="a/#nowhere">bad fragment</a><a href="../up/">escape</a>'
        '<a href=" JavaScript:alert(1)">js</a><img srcset="a/p.png 1x, gone.png 2x" alt="">', encoding="utf-8")
    (site / "a" / "index.html").write_text('<!doctype html><base href="/"><p id="here"><a href="index.html#top">'
                                           'via base</a><a name="legacy"></a><a href="a/#legacy">legacy</a>'
                                           '<a href="#legacy">not here: resolved against base</a>', encoding="utf-8")
    (site / "a" / "p.png").write_bytes(b"")
    checked, problems = check_site(site)
    assert checked == 12
    assert [p.rsplit(" → ", 1)[1] for p in problems] == [
        "no id or name 'legacy' in index.html",
        "/missing/ does not exist in the build",
        "no id or name 'nowhere' in a/index.html",
        "climbs above the site root",
        "javascript: URLs are forbidden",
        "/gone.png does not exist in the build",
    ], problems
