"""Shared helpers for the browser and site-wide quality gates.

The sample site is built once per test session (per xdist worker) into a temp dir, served on 127.0.0.1 by a
threaded `http.server`, and driven with Playwright's sync API through Debian's Chromium (`/usr/bin/chromium`);
no browser is ever downloaded.

pytest only auto-loads `conftest.py`, so a test module registers these fixtures by importing them:

    from browser import site_server, browser_page  # noqa: F401

Fixtures (each depends only on pytest's own fixtures, so importing just the ones a module uses is enough):

* `built_site`   session: `Path` of the built sample site (no browser, no server).
* `site_server`  session: a `SiteServer` (`.root`, `.base_url`, `.url(path)`), and the owner of the Chromium process.
* `browser_page` function: a `BrowserPage` in a fresh browser context; desktop 1280×800 by default, or
  parametrise it indirectly with one of the option dicts below:

    @pytest.mark.parametrize("browser_page", VIEWPORTS, indirect=True)

  Every request, console error, uncaught page error and HTTP error is recorded; `assert_clean()` fails on any.
"""
from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from sitebuild import REPO, build_site

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    # without these Chromium calls Google hosts by itself, which the closed network refuses
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOST = "127.0.0.1"
DEFAULT_TIMEOUT_MS = 10_000

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
MOBILE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(MOBILE, id="mobile")]

# Seed content the journeys and gates rely on (from content/).
ARTICLE_URL = "/tin-tuc/2020/nang-cao-hon-nua-chat-luong-cong-tac-cai-cach-hanh-chinh/"
ARTICLE_TITLE = "Nâng cao hơn nữa chất lượng công tác cải cách hành chính"
DOCUMENT_URL = "/van-ban/2020/754-qd-ubnd/"
DOCUMENT_NUMBER = "754/QĐ-UBND"


# -- the built site -------------------------------------------------------------------------------------------

_BUILT: dict[str, Path] = {}
_BUILD_LOCK = threading.RLock()


def _build_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Builds the sample site with --strict once per process; every fixture below shares that build."""
    with _BUILD_LOCK:
        if "site" not in _BUILT:
            site = tmp_path_factory.mktemp("quality-site") / "site"
            result = build_site(REPO, site)
            assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
            _BUILT["site"] = site
        return _BUILT["site"]


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_url(site: Path, path: Path) -> str:
    """The root-relative URL a file is served at: `a/b/index.html` → `/a/b/`, `404.html` → `/404.html`."""
    rel = path.relative_to(site).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    return _build_once(tmp_path_factory)


# -- the HTTP server ------------------------------------------------------------------------------------------

class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files from the site directory, Material's 404.html for missing paths, no access log on stderr."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or self.command != "GET" or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)


class SiteServer:
    def __init__(self, root: Path):
        self.root = root
        handler = functools.partial(_Handler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)  # port 0: a free port
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://{LOCAL_HOST}:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="site-server", daemon=True)
        self._playwright = None
        self._browser = None

    def url(self, path: str = "/") -> str:
        return urljoin(self.base_url + "/", path)

    def start(self) -> SiteServer:
        self._thread.start()
        return self

    def browser(self):
        """The session's Chromium, launched on first use (module-level import keeps test_links browser-free)."""
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        return self._browser

    def close(self) -> None:
        """Idempotent: stops Chromium, the Playwright driver and the HTTP server."""
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None
        if self._thread.is_alive():
            self.httpd.shutdown()
            self.httpd.server_close()
            self._thread.join(timeout=10)


_SERVER: list[SiteServer] = []


def _shared_server(request, tmp_path_factory) -> SiteServer:
    """One server (and one Playwright driver: a process may run only one) per process, closed when pytest ends.

    Each module that imports a fixture gets its own session-scoped instance of it, hence the singleton.
    """
    with _BUILD_LOCK:
        if not _SERVER:
            server = SiteServer(_build_once(tmp_path_factory)).start()
            request.config.add_cleanup(server.close)
            _SERVER.append(server)
        return _SERVER[0]


@pytest.fixture(scope="session")
def site_server(request, tmp_path_factory) -> SiteServer:
    return _shared_server(request, tmp_path_factory)


# -- one browser context per test -----------------------------------------------------------------------------

def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == LOCAL_HOST


@dataclass(repr=False)
class BrowserPage:
    server: SiteServer
    context: object
    page: object
    requests: list = field(default_factory=list)        # (resource type, url)
    foreign: list = field(default_factory=list)         # (resource type, url) to any host but 127.0.0.1
    console_errors: list = field(default_factory=list)  # (page url, text, source location)
    page_errors: list = field(default_factory=list)     # (page url, message)
    http_errors: list = field(default_factory=list)     # (status, url)
    failed: list = field(default_factory=list)          # (url, failure)
    visited: list = field(default_factory=list)         # main-frame URLs, in order

    def __repr__(self) -> str:
        return f"<BrowserPage {self.page.url if self.page else ''}>"

    @classmethod
    def open(cls, server: SiteServer, options: dict) -> BrowserPage:
        context = server.browser().new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        self = cls(server, context, None)

        def route(route):
            if is_local(route.request.url):
                route.continue_()
            else:  # recorded by the "request" listener; never let it reach the network
                route.abort("blockedbyclient")

        context.route("**/*", route)
        context.on("request", self._on_request)
        context.on("console", self._on_console)
        context.on("weberror", self._on_page_error)
        context.on("response", lambda r: r.status >= 400 and self.http_errors.append((r.status, r.url)))
        context.on("requestfailed", self._on_failed)
        self.page = context.new_page()
        self.page.on("framenavigated", lambda frame: frame == self.page.main_frame and self.visited.append(frame.url))
        return self

    def _on_request(self, request) -> None:
        self.requests.append((request.resource_type, request.url))
        if not is_local(request.url):
            self.foreign.append((request.resource_type, request.url))

    def _on_console(self, message) -> None:
        if message.type == "error":
            location = message.location or {}
            where = f"{location.get('url', '')}:{location.get('lineNumber', '')}"
            self.console_errors.append((message.page.url if message.page else "?", message.text, where))

    def _on_page_error(self, web_error) -> None:
        error = web_error.error
        detail = getattr(error, "stack", None) or getattr(error, "message", None) or str(error)
        self.page_errors.append((web_error.page.url if web_error.page else "?", detail))

    def _on_failed(self, request) -> None:
        # foreign ones are reported as such; ERR_ABORTED is a load cancelled by leaving the page, not a defect
        if is_local(request.url) and "ERR_ABORTED" not in (request.failure or ""):
            self.failed.append((request.url, request.failure))

    # -- navigation --------------------------------------------------------------------------------------------
    def url(self, path: str = "/") -> str:
        return self.server.url(path)

    @property
    def path(self) -> str:
        """The current page's path (`/van-ban/2020/754-qd-ubnd/`)."""
        return urlsplit(self.page.url).path

    def goto(self, path: str, *, expect_ok: bool = True):
        response = self.page.goto(self.url(path), wait_until="load")
        if expect_ok:
            status = response.status if response else None
            assert response is not None and response.ok, f"GET {path} answered {status}: the page is not in the build"
        return response

    def wait_for_path(self, path: str) -> None:
        self.page.wait_for_url(lambda url: urlsplit(url).path == path)
        self.page.wait_for_load_state("load")

    # -- what went wrong ---------------------------------------------------------------------------------------
    def problems(self) -> list[str]:
        out = [f"request to a host other than {LOCAL_HOST}: [{kind}] {url}" for kind, url in self.foreign]
        out += [f"console error on {page}: {text} ({where})" for page, text, where in self.console_errors]
        out += [f"uncaught page error on {page}: {message}" for page, message in self.page_errors]
        out += [f"HTTP {status}: {url}" for status, url in self.http_errors]
        out += [f"request failed: {url} ({failure})" for url, failure in self.failed]
        return out

    def assert_clean(self) -> None:
        problems = self.problems()
        visited = "\n  ".join(self.visited)
        assert not problems, "\n".join(problems) + f"\nvisited:\n  {visited}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def browser_page(request, tmp_path_factory):
    options = getattr(request, "param", None) or DESKTOP
    session = BrowserPage.open(_shared_server(request, tmp_path_factory), options)
    try:
        yield session
    finally:
        session.close()
