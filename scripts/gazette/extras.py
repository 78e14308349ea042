"""Files written after the pages: legacy-URL redirects and the sitemap. Each writer is deterministic."""
from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import TYPE_CHECKING

from .corpus import alias_url
from .render import esc, relative_url

if TYPE_CHECKING:
    from .build import SiteBuild


def write_file(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def redirect_html(from_url: str, to_url: str, title: str) -> str:
    target = relative_url(from_url, to_url)
    return ('<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            f'<title>{esc(title)}</title><meta http-equiv="refresh" content="0; url={esc(target)}">'
            f'<link rel="canonical" href="{esc(target)}"><meta name="robots" content="noindex"></head>'
            f'<body><p>Trang đã chuyển đến <a href="{esc(target)}">{esc(title)}</a>.</p></body></html>')


def write_alias_redirects(build: "SiteBuild", site_dir: Path) -> None:
    for item in build.corpus.by_url.values():
        for alias in item.aliases:
            url = alias_url(alias)
            if url:
                write_file(site_dir / url / "index.html", redirect_html(url, item.url, item.title))


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
    generated = {p.url for p in build.pages}
    others = sorted(
        str(path.parent.relative_to(site_dir).as_posix() + "/").removeprefix("./")
        for path in site_dir.rglob("index.html")
        if path.parent.relative_to(site_dir).as_posix() + "/" not in generated and not _is_redirect(path))
    xml = sitemap_xml(build, [u if u != "./" else "" for u in others])
    write_file(site_dir / "sitemap.xml", xml)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as gz:
        gz.write(xml.encode("utf-8"))
    write_file(site_dir / "sitemap.xml.gz", buffer.getvalue())


def _is_redirect(path: Path) -> bool:
    with path.open("rb") as handle:
        return b'http-equiv="refresh"' in handle.read(600)


WRITERS = [write_alias_redirects, write_sitemap]


def write_extras(build: "SiteBuild", site_dir: Path) -> None:
    if build.corpus is None:
        return
    for writer in WRITERS:
        writer(build, site_dir)
