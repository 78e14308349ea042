"""The MkDocs adapter: the only module that imports MkDocs. It hands the core's pages to MkDocs/Material.

Event order used: on_startup (serve or build) → on_config (load + validate; abort before anything is
written) → on_files (register generated pages and content assets) → on_page_markdown/on_page_content
(our HTML replaces MkDocs' rendering) → on_page_context (template data) → on_post_build (extra files).
"""
from __future__ import annotations

import contextlib
import logging
import os
import sys
from datetime import date
from pathlib import Path

import jinja2
import jinja2.bccache

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import AnchorLink, TableOfContents

from .build import SiteBuild, cyclic_gc_paused, indexed_page, keep_until_exit, make_site_build
from .errors import format_problems
from .file_writer import FileWriteError, FileWriter
from .render import esc
from .preview_cache import PreviewCache, PreviewPages, PreviewSearch
from .pagefind_background import BackgroundIndex
from .pagefind_index import PARTITION_SIZE, IndexedPage
from .shells import MAIN_ID, TOKENS, Shells, feeds_html, main_content, og_image_html

# Under "mkdocs.*" so that warnings fail `mkdocs build --strict` like MkDocs' own.
log = logging.getLogger("mkdocs.plugins.gazette")


def _nav_sources(nav) -> set[str]:
    """Source files named in mkdocs.yml's nav: those pages are rendered by the theme one by one (their
    navigation entry is highlighted), not from a shell."""
    found, stack = set(), [nav]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _process_is_mkdocs_cli() -> bool:
    """`mkdocs …` or `python -m mkdocs …`: nothing but the command runs in this process after it ends
    (unlike a test or a program that builds in its own process and goes on)."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return getattr(spec, "name", "") == "mkdocs.__main__" or os.path.basename(sys.argv[0] or "") == "mkdocs"


class _TemplateMemory(jinja2.BytecodeCache):
    """Compiled theme templates kept across the rebuilds of `mkdocs serve` (each rebuild makes a new Jinja
    environment and compiled every template again; Jinja checks each entry against its source)."""

    def __init__(self) -> None:
        self._stored: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._stored:
            bucket.bytecode_from_string(self._stored[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._stored[bucket.key] = bucket.bytecode_to_string()


class GazetteConfig(Config):
    content_dir = c.Type(str, default="content")
    today = c.Optional(c.Type(str))           # YYYY-MM-DD: fixes "today" (tests, rebuilding an old state)
    home_count = c.Type(int, default=8)
    search = c.Type(bool, default=True)       # run Pagefind after the build
    search_partition_size = c.Type(int, default=PARTITION_SIZE)   # pages per search-index partition


class GazettePlugin(BasePlugin[GazetteConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.preview = False
        self.cache: PreviewCache | None = None
        self.preview_search: PreviewSearch | None = None
        self.preview_pages: PreviewPages | None = None
        self.templates: _TemplateMemory | None = None
        self.indexed: list[IndexedPage] = []
        self.build: SiteBuild | None = None
        self.shells: Shells | None = None
        self.representatives: set[str] = set()   # src URIs rendered by the theme, with tokens, as shells
        self.filled: list = []                     # pages written from a shell after the build
        self.index: BackgroundIndex | None = None
        self._gc_paused = contextlib.ExitStack()

    @property
    def _partition_size(self) -> int:
        return max(1, self.config.search_partition_size)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # With on_startup defined, MkDocs keeps this object for every rebuild of `mkdocs serve`.
        self.preview = command == "serve"
        self.cache = PreviewCache() if self.preview else None
        self.preview_search = PreviewSearch(log.warning) if self.preview else None
        self.preview_pages = PreviewPages() if self.preview else None
        self.templates = _TemplateMemory() if self.preview else None

    def on_shutdown(self) -> None:
        if self.preview_search is not None:
            self.preview_search.close()
        if not self.preview and _process_is_mkdocs_cli():
            # the process exits right after this: freeing the build's objects one by one is wasted time
            keep_until_exit(self)

    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        content_dir = (root / self.config.content_dir).resolve()
        today = self.config.today or os.environ.get("GAZETTE_TODAY")
        try:
            fixed_today = date.fromisoformat(today) if today else None
        except ValueError:
            raise PluginError(f"gazette: today `{today}` không đúng dạng YYYY-MM-DD") from None
        search = self._start_index if self.config.search and not self.preview else None
        if not self.preview:
            # for the whole build, MkDocs' part included (see cyclic_gc_paused); resumed by on_post_build,
            # or by on_build_error when any step fails (on_config included)
            self._gc_paused.enter_context(cyclic_gc_paused())
        try:
            self.build = make_site_build(content_dir, root, preview=self.preview, today=fixed_today,
                                         site_url=config.site_url or "", site_name=config.site_name,
                                         home_count=self.config.home_count, cache=self.cache, search=search)
        except BaseException:
            self._cancel_index()
            raise
        for problem in self.build.warnings:
            log.warning(problem.format())
        if self.build.errors:
            self._cancel_index()
            # Logged one per line so editors see every problem, then abort before the site dir is cleaned.
            for problem in self.build.errors:
                log.error(problem.format())
            raise PluginError(f"gazette: {len(self.build.errors)} lỗi trong nội dung, không tạo trang web:\n"
                              + format_problems(self.build.errors))
        if self.config.search and self.preview:
            self.indexed = [indexed_page(p) for p in self.build.pages if p.kind in ("article", "document")]
        return config

    def _start_index(self, planned: list[IndexedPage]):
        # indexed on the other core while the bodies are rendered and MkDocs writes; finished in on_post_build
        self.index = BackgroundIndex(planned, self._partition_size)
        return self.index.add

    def _cancel_index(self) -> None:
        if self.index is not None:
            self.index, index = None, self.index
            index.cancel()

    def on_build_error(self, *, error: Exception) -> None:
        self._cancel_index()
        self._gc_paused.close()

    def on_files(self, files: Files, *, config) -> Files:
        assert self.build is not None
        problems = []
        in_nav = _nav_sources(config.nav or [])
        nav_urls = tuple(sorted("" if s == "index.md" else s.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"
                                for s in in_nav if s.endswith(".md")))
        self.shells = Shells(config.site_url or "", config.site_description or "", self.build.preview_banner, nav_urls)
        self.representatives, self.filled, seen = set(), [], set()
        for page in self.build.pages:
            clash = files.get_file_from_path(page.src_uri)
            if clash is not None:
                problems.append(f"docs/{clash.src_uri}: trùng địa chỉ /{page.url} với trang tạo từ content/")
                continue
            if page.src_uri not in in_nav and page.url:
                if self.shells.key(page) in seen:
                    self.filled.append(page)       # written from its shell in on_post_build
                    continue
                seen.add(self.shells.key(page))
                self.representatives.add(page.src_uri)
            files.append(File.generated(config, page.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        for asset in self.build.assets:
            if files.get_file_from_path(asset) is not None:
                problems.append(f"docs/{asset}: trùng với content/{asset}")
                continue
            files.append(File(asset, str(self.build.content_dir), config.site_dir, config.use_directory_urls,
                              inclusion=InclusionLevel.NOT_IN_NAV))
        if problems:
            raise PluginError("gazette: hai nguồn tạo cùng một tệp:\n" + "\n".join(problems))
        # the pages written from docs/, for the sitemap (directory URLs only: not 404.html)
        self.build.docs_urls = tuple(sorted(f.url.removeprefix("./") for f in files.documentation_pages()
                                            if self.build.page_for(f.src_uri) is None and f.url.endswith("/")))
        if self.preview_pages is not None:
            # the site folder has just been emptied; MkDocs writes nothing before this returns
            tops = {page.url.split("/", 1)[0] for page in self.build.pages if "/" in page.url}
            self.preview_pages.link(Path(config.site_dir), tops | ({"pagefind"} if self.config.search else set()))
        return files

    def on_env(self, env, *, config, files):
        if self.templates is not None:
            env.bytecode_cache = self.templates
        return env

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        generated = self.build.page_for(page.file.src_uri) if self.build else None
        if generated is None:
            return markdown
        page.meta["template"] = generated.template
        page.meta["hide"] = ["toc"]
        # MkDocs and Material print page.title raw in several places: hand them escaped text.
        page.title = TOKENS["TITLE"] if page.file.src_uri in self.representatives else esc(generated.title)
        return ""

    def on_page_content(self, html: str, *, page, config, files) -> str:
        assert self.build is not None
        generated = self.build.page_for(page.file.src_uri)
        if generated is not None:
            # Material renders its skip link ("Bỏ qua") only for pages with a table of contents entry.
            page.toc = TableOfContents([AnchorLink(page.title, MAIN_ID, 1)])
            if page.file.src_uri in self.representatives:
                return main_content(TOKENS["CONTENT"])
            return main_content(generated.content)
        if page.is_homepage:
            return html + self.build.home_html
        return html

    def on_page_context(self, context, *, page, config, nav):
        assert self.build is not None
        generated = self.build.page_for(page.file.src_uri)
        if generated is not None and page.file.src_uri in self.representatives:
            context["gazette"] = {"kind": generated.kind, "description": TOKENS["DESCRIPTION"],
                                  "banner_html": TOKENS["BANNER"], "feeds_html": TOKENS["FEEDS"],
                                  "og_image_html": TOKENS["IMAGE"]}
            return context
        context["gazette"] = {
            "kind": generated.kind if generated else "doc",
            "description": (generated.description if generated else "") or config.site_description or "",
            "banner_html": self.shells.banner_html(generated) if generated else "",
            "feeds_html": feeds_html(page.url, generated),
            "og_image_html": og_image_html(config.site_url or "", generated),
        }
        return context

    def on_post_page(self, output: str, *, page, config) -> str:
        if page.file.src_uri in self.representatives:
            return self.shells.capture(self.build.page_for(page.file.src_uri), output, page.canonical_url)
        return output

    def on_post_build(self, *, config) -> None:
        assert self.build is not None
        site_dir = Path(config.site_dir)
        linked = self.preview_pages is not None and self.preview_pages.enabled
        # Pages are handed to a second process that makes their files while this one goes on (file_writer);
        # leaving the block waits for the last file (or stops the writer when something failed).
        try:
            with contextlib.nullcontext() if linked else FileWriter() as writer:
                if writer is None:
                    kept = {site_dir / page.url / "index.html":
                            self.shells.fill(page).encode("utf-8", errors="xmlcharrefreplace") for page in self.filled}
                    self.preview_pages.write(kept)
                else:
                    for page in self.filled:        # one page in memory at a time
                        writer.write(os.path.join(site_dir, page.url, "index.html"),
                                     self.shells.fill(page).encode("utf-8", errors="xmlcharrefreplace"))
                self.build.write_extras(site_dir)
                if linked:
                    self.preview_pages.sweep(site_dir, set(kept))
                if self.preview_search is not None and self.config.search:
                    self.preview_search.rebuild(self.indexed, self._partition_size, site_dir, linked)
                if self.index is not None:
                    try:
                        self.index.finish(site_dir)
                    except RuntimeError as exc:
                        raise PluginError(f"gazette: {exc}") from None
                    finally:
                        self.index = None
        except FileWriteError as exc:
            raise PluginError(f"gazette: {exc}") from None
        finally:
            self._gc_paused.close()

    def on_serve(self, server, *, config, builder):
        if self.build is not None:
            server.watch(str(self.build.content_dir))
        return server
