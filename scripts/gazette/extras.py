"""Files written after the pages: legacy-URL redirects and the sitemap. Each writer is deterministic."""
from __future__ import annotations

import gzip
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .corpus import alias_url
from .export import open_data_files
from .feeds import site_feeds
from .pages.registry import DATA_FILE, registry_json
from .render import esc, relative_url

if TYPE_CHECKING:
    from .build import SiteBuild


def write_file(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def redirect_html(from_url: str, to_url: str, title: str) -> str:
    target = relative_url(from_url, to_url)
    # The refresh comes first: the sitemap writer recognises redirect pages by their first bytes.
    return ('<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0; url={esc(target)}"><title>{esc(title)}</title>'
            f'<link rel="canonical" href="{esc(target)}"><meta name="robots" content="noindex"></head>'
            f'<body><p>Trang đã chuyển đến <a href="{esc(target)}">{esc(title)}</a>.</p></body></html>')


def write_alias_redirects(build: "SiteBuild", site_dir: Path) -> None:
    for item in build.corpus.by_url.values():
        for alias in item.aliases:
            url = alias_url(alias)
            if url:
                write_file(site_dir / url / "index.html", redirect_html(url, item.url, item.title))


def write_feeds(build: "SiteBuild", site_dir: Path) -> None:
    for path, text in site_feeds(build.corpus, build.site.url, build.site.name).items():
        write_file(site_dir / path, text)


def write_open_data(build: "SiteBuild", site_dir: Path) -> None:
    for path, data in open_data_files(build.corpus, build.site.url).items():
        write_file(site_dir / path, data)


def write_registry_data(build: "SiteBuild", site_dir: Path) -> None:
    write_file(site_dir / DATA_FILE, registry_json(build.corpus))


def redirect_rules(build: "SiteBuild") -> tuple[str, str]:
    """nginx and Apache rules for every alias, including old `?id=` URLs no static file can answer."""
    # A fragment never reaches the server (and `#` starts a comment in nginx): rules use the path and query.
    pairs = sorted({(alias.strip().split("#", 1)[0], item.url) for item in build.corpus.by_url.values()
                    for alias in item.aliases if alias.strip().split("#", 1)[0].strip("/")})
    nginx = ["# gazette: legacy URLs → new pages. Include inside the server { } block."]
    apache = ["# gazette: legacy URLs → new pages (.htaccess, needs mod_rewrite)", "RewriteEngine On"]
    plain = [(a, u) for a, u in pairs if "?" not in a]
    query = [(a, u) for a, u in pairs if "?" in a]
    for alias, url in plain:
        path = "/" + alias.lstrip("/")
        nginx.append(f"location = {path} {{ return 301 /{url}; }}")
        apache.append(f"RewriteRule ^{_rx(path.lstrip('/'))}$ /{url} [R=301,L]")
    if query:
        for alias, url in query:
            path, _, args = alias.partition("?")
            path = "/" + path.lstrip("/")
            nginx.append(f'if ($request_uri = "{path}?{args}") {{ return 301 /{url}; }}')
            apache.append(f"RewriteCond %{{QUERY_STRING}} ^{_rx(args)}$")
            apache.append(f"RewriteRule ^{_rx(path.lstrip('/'))}$ /{url}? [R=301,L]")
    return "\n".join(nginx) + "\n", "\n".join(apache) + "\n"


def _rx(text: str) -> str:
    return re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", text)


def write_redirect_rules(build: "SiteBuild", site_dir: Path) -> None:
    nginx, apache = redirect_rules(build)
    write_file(site_dir / "redirects.nginx.conf", nginx)
    write_file(site_dir / ".htaccess", apache)


def sitemap_xml(build: "SiteBuild", extra_urls: list[str]) -> str:
    """Every page with lastmod from its content's date, never the build time (reproducible builds)."""
    base = build.site.url
    rows = [(p.url, p.lastmod) for p in build.pages] + [(u, "") for u in extra_urls]
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, lastmod in sorted(set(rows)):
        out.append(f"<url><loc>{esc(base + url)}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</url>")
    out.append("</urlset>\n")
    return "\n".join(out)


def write_sitemap(build: "SiteBuild", site_dir: Path) -> None:
    """The generated pages and the docs/ pages the output layer reported (build.docs_urls): it knows them,
    where a walk of the site folder read 16,000 folders and missed what the preview links in."""
    generated = {p.url for p in build.pages}
    xml = sitemap_xml(build, sorted(u for u in build.docs_urls if u not in generated))
    write_file(site_dir / "sitemap.xml", xml)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as gz:
        gz.write(xml.encode("utf-8"))
    write_file(site_dir / "sitemap.xml.gz", buffer.getvalue())


WRITERS = [write_alias_redirects, write_feeds, write_registry_data, write_open_data, write_redirect_rules, write_sitemap]


def write_extras(build: "SiteBuild", site_dir: Path) -> None:
    if build.corpus is None:
        return
    for writer in WRITERS:
        writer(build, site_dir)
