"""Page shells: render the theme once per kind of page, then fill it for every page of that kind.

Articles, documents and archive pages are not in the navigation, so everything the theme writes around
them depends only on the template, the URL depth (relative links) and the kind of page. Rendering the
theme once per (template, depth, kind) with placeholder tokens and substituting each page's own values
is the same output for a fraction of the cost (Jinja was half of the build time per page).
This module is output-layer agnostic: it only knows strings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import escape

from .pages import Page
from .render import esc, relative_url

TOKENS = {name: f"GZSHELL{name}TOKEN" for name in ("TITLE", "DESCRIPTION", "URL", "CONTENT", "BANNER", "FEEDS", "IMAGE")}
_TOKEN_SPLIT = re.compile("(" + "|".join(TOKENS.values()) + ")")
MAIN_ID = "noi-dung"
SITE_FEEDS = (("tin-tuc/rss.xml", "rss", "Tin tức (RSS)"), ("tin-tuc/atom.xml", "atom", "Tin tức (Atom)"))


def shell_key(page: Page, nav_urls: tuple[str, ...] = ()) -> tuple:
    """Pages with the same key get the same theme output around their content: same template and kind,
    same depth (links to assets), and the same relative link to every navigation entry (MkDocs writes
    `../` from /the/x/ to /the/ but `../../the/` from /chuyen-muc/x/)."""
    return (page.template, page.kind, page.url.count("/"), tuple(relative_url(page.url, u) for u in nav_urls))


def feeds_html(page_url: str, page: Page | None) -> str:
    feeds = list(SITE_FEEDS)
    for href, kind in (page.meta.get("feeds", []) if page else []):
        if href not in {f[0] for f in feeds}:
            feeds.append((href, kind, page.title + " (RSS)"))
    return "".join(f'<link rel="alternate feed" type="application/{kind}+xml" title="{esc(title)}" '
                   f'href="{esc(relative_url(page_url, href))}">' for href, kind, title in feeds)


def og_image_html(site_url: str, page: Page | None) -> str:
    image = page.meta.get("image") if page else ""
    return f'<meta property="og:image" content="{esc(site_url + image)}">' if image else ""


def main_content(content: str) -> str:
    """The generated HTML inside the skip link's target."""
    return f'<div id="{MAIN_ID}">{content}</div>'


@dataclass
class Shells:
    site_url: str
    site_description: str
    banner_for: object                       # Page -> banner text ("" when none)
    nav_urls: tuple[str, ...] = ()
    shells: dict[tuple, list[str]] = field(default_factory=dict)   # key → the theme's output cut at its tokens
    _keys: dict[tuple, tuple] = field(default_factory=dict)

    def key(self, page: Page) -> tuple:
        # Links to the navigation entries depend only on the page's folder, unless an entry is the page
        # itself or below it: one shell_key per folder instead of one per page (16,000 pages, 10 entries).
        if any(url.startswith(page.url) for url in self.nav_urls):
            return shell_key(page, self.nav_urls)
        folder = (page.template, page.kind, page.url[:page.url.rstrip("/").rfind("/") + 1])
        key = self._keys.get(folder)
        if key is None:
            key = self._keys[folder] = shell_key(page, self.nav_urls)
        return key

    def banner_html(self, page: Page) -> str:
        banner = self.banner_for(page)
        return f'<p class="gz-banner" role="note">{banner}</p>' if banner else ""

    def values(self, page: Page) -> dict[str, str]:
        return {
            TOKENS["TITLE"]: esc(page.title),
            # escaped as the template's `| e` would escape it
            TOKENS["DESCRIPTION"]: str(escape(page.description or self.site_description)),
            TOKENS["URL"]: str(escape(self.site_url + page.url)),
            TOKENS["CONTENT"]: page.content,
            TOKENS["BANNER"]: self.banner_html(page),
            TOKENS["FEEDS"]: feeds_html(page.url, page),
            TOKENS["IMAGE"]: og_image_html(self.site_url, page),
        }

    def capture(self, page: Page, output: str, canonical_url: str | None) -> str:
        """Keep the theme's output for a representative page as a shell; return that page's real output."""
        if canonical_url:
            output = output.replace(str(escape(canonical_url)), TOKENS["URL"])
        self.shells[self.key(page)] = _TOKEN_SPLIT.split(output)     # text, token, text, token, …, text
        return self.fill(page)

    def fill(self, page: Page) -> str:
        values = self.values(page)
        # Inserted values are never scanned again for tokens; the shell was cut at its tokens once (capture).
        pieces = self.shells[self.key(page)][:]
        for index in range(1, len(pieces), 2):
            pieces[index] = values[pieces[index]]
        return "".join(pieces)
