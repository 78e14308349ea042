"""The CI files and the publishing script, checked here so that a broken pipeline fails before it is merged.

* .github/workflows/*.yml and .gitlab-ci.yml against the schemas that check-jsonschema ships (offline);
* the commands they run are the README's (`bash scripts/build-site`, `bash scripts/test`);
* what the issue asks of them: triggers, a nightly run just after midnight in Asia/Ho_Chi_Minh, nothing
  deployed unless check, build and tests pass, deployments that never race, least-privilege permissions;
* scripts/publish: a failed build never replaces the live site; a good one is switched in atomically.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from sitebuild import REPO

GITHUB_DIR = REPO / ".github" / "workflows"
GITLAB_FILE = REPO / ".gitlab-ci.yml"
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# Any attempt to reach the network fails at once: the schema checks must work offline.
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "ALL_PROXY": "http://127.0.0.1:9",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "NO_PROXY": "", "no_proxy": ""}


def github_files() -> list[Path]:
    return sorted([*GITHUB_DIR.glob("*.yml"), *GITHUB_DIR.glob("*.yaml")])


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def workflow() -> dict:
    """The workflow that builds and deploys the site (the one using actions/deploy-pages)."""
    candidates = [load_yaml(p) for p in github_files() if "actions/deploy-pages@" in p.read_text("utf-8")]
    assert len(candidates) == 1, "exactly one workflow deploys to GitHub Pages"
    return candidates[0]


@pytest.fixture(scope="module")
def gitlab() -> dict:
    return load_yaml(GITLAB_FILE)


def triggers(workflow: dict) -> dict:
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    return {on: None} if isinstance(on, str) else ({k: None for k in on} if isinstance(on, list) else on)


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def commands(job: dict) -> list[str]:
    """Shell command lines a GitHub job runs (comments and blank lines dropped)."""
    lines = []
    for step in steps(job):
        for line in str(step.get("run", "")).splitlines():
            line = line.split(" #", 1)[0].strip()
            if line and not line.startswith("#"):
                lines.append(line)
    return lines


def uses(job: dict, action: str) -> list[dict]:
    return [s for s in steps(job) if str(s.get("uses", "")).split("@")[0] == action]


def gitlab_jobs(config: dict) -> dict[str, dict]:
    reserved = {"workflow", "stages", "default", "variables", "include", "image", "services", "cache",
                "before_script", "after_script"}
    return {k: v for k, v in config.items() if k not in reserved and not k.startswith(".") and isinstance(v, dict)}


def gitlab_commands(job: dict) -> list[str]:
    lines = []
    for key in ("before_script", "script"):
        value = job.get(key, [])
        for entry in [value] if isinstance(value, str) else value:
            for line in str(entry).splitlines():
                line = line.split(" #", 1)[0].strip()
                if line:
                    lines.append(line)
    return lines


def runs(lines: list[str], command: str) -> bool:
    """`command` is run as a whole command line, arguments allowed after it (`bash scripts/build-site -d public`)."""
    return any(line == command or line.startswith(command + " ") for line in lines)


def readme_commands() -> dict[str, str]:
    """The two commands of the README's first code block, by script: {"build-site": …, "test": …}."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:bash|sh|shell)?\n(.*?)```", text, re.S)
    assert block, "README.md has no code block"
    found = {}
    for line in block.group(1).splitlines():
        command = line.split("#", 1)[0].strip()
        if command:
            found[command.rsplit("/", 1)[-1]] = command
    return found


def needs(job: dict) -> list[str]:
    value = job.get("needs", [])
    value = [value] if isinstance(value, str) else value
    return [n["job"] if isinstance(n, dict) else n for n in value]


def all_needs(jobs: dict[str, dict], name: str) -> set[str]:
    seen, todo = set(), list(needs(jobs[name]))
    while todo:
        job = todo.pop()
        if job not in seen:
            seen.add(job)
            todo += needs(jobs[job])
    return seen


# -- schemas ------------------------------------------------------------------------------------------------

def check_jsonschema(*args: str | Path) -> subprocess.CompletedProcess:
    if not CHECK_JSONSCHEMA.exists():
        pytest.fail("check-jsonschema is not installed in the test environment: "
                    "add `check-jsonschema==0.39.0` to requirements-dev.txt")
    return subprocess.run([str(CHECK_JSONSCHEMA), *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **OFFLINE}, timeout=120)


def test_the_ci_files_exist():
    assert github_files(), "no workflow in .github/workflows/"
    assert GITLAB_FILE.is_file()


@pytest.mark.parametrize("schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"])
def test_github_workflows_match_the_schema(schema):
    result = check_jsonschema("--builtin-schema", schema, *github_files())
    assert result.returncode == 0, result.stdout + result.stderr


def test_gitlab_ci_matches_the_schema():
    result = check_jsonschema("--builtin-schema", "vendor.gitlab-ci", "--data-transform", "gitlab-ci", GITLAB_FILE)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("breakage", [
    ("runs-on: ubuntu-24.04\n", "runs_on: ubuntu-24.04\n"),          # misspelt key
    ("  pull_request:\n", "  pull_requests:\n"),                      # unknown event
    ("cancel-in-progress: false", "cancel-in-progress: sometimes"),   # wrong type
])
def test_the_schema_check_catches_a_broken_workflow(tmp_path, breakage):
    """The control for the checks above: they do fail on a mistake."""
    (source,) = [p for p in github_files() if "actions/deploy-pages@" in p.read_text("utf-8")]
    text = source.read_text(encoding="utf-8")
    old, new = breakage
    assert old in text
    broken = tmp_path / source.name
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert check_jsonschema("--builtin-schema", "vendor.github-workflows", broken).returncode == 1


@pytest.mark.parametrize("breakage", [
    ("interruptible: false", "interruptible: maybe"),                 # wrong type
    ("\n  script:\n", "\n  scripts:\n"),                               # misspelt key
    ("resource_group: pages", "resource_group: [pages]"),
    ("expire_in: 1 week", "expire_in: {days: 7}"),
])
def test_the_schema_check_catches_a_broken_gitlab_ci(tmp_path, breakage):
    text = GITLAB_FILE.read_text(encoding="utf-8")
    old, new = breakage
    assert old in text
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert check_jsonschema("--builtin-schema", "vendor.gitlab-ci", "--data-transform", "gitlab-ci",
                            broken).returncode == 1


# -- the README's commands ----------------------------------------------------------------------------------

def test_readme_opens_with_the_build_and_test_commands():
    assert readme_commands() == {"build-site": "bash scripts/build-site", "test": "bash scripts/test"}
    # and the build command is the strict MkDocs build the issue names
    script = (REPO / "scripts/build-site").read_text(encoding="utf-8")
    assert re.search(r"^exec \.venv/bin/mkdocs build --strict \"\$@\"$", script, re.M)


def test_github_runs_the_readme_commands(workflow):
    readme = readme_commands()
    lines = [line for job in workflow["jobs"].values() for line in commands(job)]
    assert runs(lines, readme["test"])
    assert runs(lines, readme["build-site"]) or runs(lines, ".venv/bin/mkdocs build --strict")


def test_gitlab_runs_the_readme_commands(gitlab):
    readme = readme_commands()
    lines = [line for job in gitlab_jobs(gitlab).values() for line in gitlab_commands(job)]
    assert runs(lines, readme["test"])
    assert runs(lines, readme["build-site"] + " -d public") or runs(lines, ".venv/bin/mkdocs build --strict -d public")


# -- GitHub: what runs when -----------------------------------------------------------------------------------

def test_github_triggers(workflow):
    on = triggers(workflow)
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    assert "schedule" in on


def test_nightly_run_is_just_after_midnight_in_vietnam(workflow):
    (entry,) = triggers(workflow)["schedule"]
    minute, hour, *rest = entry["cron"].split()
    assert rest == ["*", "*", "*"], "every day"
    assert minute.isdigit() and hour.isdigit()
    utc = datetime(2026, 11, 30, int(hour), int(minute), tzinfo=timezone.utc)     # cron is UTC on GitHub
    local = utc.astimezone(VIETNAM)
    assert (local.hour, local.date().isoformat()) == (0, "2026-12-01"), local
    assert 0 < local.minute <= 30, "a few minutes after midnight, not on the busy hour"


def test_each_job_checks_out_and_sets_up_python_with_pip_caching(workflow):
    build, test = workflow["jobs"]["build"], workflow["jobs"]["test"]
    for job in (build, test):
        assert uses(job, "actions/checkout")
        (setup,) = uses(job, "actions/setup-python")
        assert setup["with"]["cache"] == "pip"
        assert float(setup["with"]["python-version"]) >= 3.11          # pyproject: requires-python >= 3.11
        for name in setup["with"]["cache-dependency-path"].split():
            assert (REPO / name).is_file(), name
    assert runs(commands(build), "bash scripts/_venv.sh requirements.txt")


def test_github_checks_the_content_before_building(workflow):
    lines = commands(workflow["jobs"]["build"])
    check = next(i for i, line in enumerate(lines) if re.match(r"(\.venv/bin/)?gazette check --format github$", line))
    build = next(i for i, line in enumerate(lines) if line == "bash scripts/build-site")
    assert check < build


def test_pull_request_uploads_the_built_site_for_preview(workflow):
    (upload,) = uses(workflow["jobs"]["build"], "actions/upload-artifact")
    assert upload["if"] == "github.event_name == 'pull_request'"
    site_dir = re.search(r"^site_dir: (\S+)$", (REPO / "mkdocs.yml").read_text("utf-8"), re.M).group(1)
    assert upload["with"]["path"].rstrip("/") == site_dir
    assert upload["with"]["include-hidden-files"] is True        # .htaccess is part of the site


def test_the_tests_get_chromium_from_apt_then_run_the_suite(workflow):
    lines = commands(workflow["jobs"]["test"])
    apt = next(i for i, line in enumerate(lines) if "apt-get install" in line and "chromium" in line)
    assert apt < lines.index("bash scripts/test")


def test_deploy_needs_every_check_build_and_test(workflow):
    jobs = workflow["jobs"]
    deployers = [name for name, job in jobs.items() if uses(job, "actions/deploy-pages")]
    assert deployers == ["deploy"]
    gates = {name for name, job in jobs.items()
             if any(re.search(r"gazette check|scripts/build-site|mkdocs build|scripts/test|pytest", line)
                    for line in commands(job))}
    assert gates == {"build", "test"}
    assert gates <= all_needs(jobs, "deploy")
    # the artifact it deploys is the one the (checked) build job uploaded
    (pages,) = uses(jobs["build"], "actions/upload-pages-artifact")
    assert pages["with"]["path"].rstrip("/") == "site"
    assert "pull_request" in pages["if"] and "!=" in pages["if"]


def test_deploy_only_from_main_and_never_for_pull_requests(workflow):
    condition = workflow["jobs"]["deploy"]["if"]
    assert "github.event_name != 'pull_request'" in condition
    assert "github.ref == 'refs/heads/main'" in condition


def test_two_deployments_never_race(workflow):
    concurrency = workflow["jobs"]["deploy"]["concurrency"]
    assert concurrency["group"] and concurrency["cancel-in-progress"] is False
    # a newer run on main never cancels an older one halfway; pull requests do cancel their previous run
    assert "pull_request" in str(workflow["concurrency"]["cancel-in-progress"])


def test_least_privilege_permissions(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    for name, job in jobs.items():
        if name != "deploy":
            assert "permissions" not in job, f"{name} should inherit the read-only default"


def test_actions_are_pinned_to_a_release(workflow):
    for job in workflow["jobs"].values():
        for step in steps(job):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+(\.\d+)*|[0-9a-f]{40})", step["uses"]), step["uses"]


# -- GitLab ---------------------------------------------------------------------------------------------------

def test_gitlab_pipeline_runs_for_merge_requests_main_and_schedules(gitlab):
    rules = " ".join(rule["if"] for rule in gitlab["workflow"]["rules"])
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in rules
    assert '$CI_COMMIT_BRANCH == "main"' in rules
    assert '$CI_PIPELINE_SOURCE == "schedule"' in rules


def test_gitlab_stages(gitlab):
    jobs = gitlab_jobs(gitlab)
    assert gitlab["stages"] == ["check", "build", "test", "deploy"]
    assert runs(gitlab_commands(jobs["check"]), ".venv/bin/gazette check")
    assert runs(gitlab_commands(jobs["build"]), "bash scripts/build-site")
    test = gitlab_commands(jobs["test"])
    apt = next(i for i, line in enumerate(test) if "apt-get install" in line and "chromium" in line)
    assert apt < test.index("bash scripts/test")


def test_gitlab_pages_publishes_public_after_every_gate(gitlab):
    jobs = gitlab_jobs(gitlab)
    pages = jobs["pages"]
    assert pages["stage"] == "deploy"
    assert [p.rstrip("/") for p in pages["artifacts"]["paths"]] == ["public"]
    assert {"check", "build", "test"} <= all_needs(jobs, "pages")
    assert "bash scripts/build-site -d public" in gitlab_commands(jobs["build"])
    assert [p.rstrip("/") for p in jobs["build"]["artifacts"]["paths"]] == ["public"]
    assert pages["resource_group"]
    (rule,) = pages["rules"]
    assert '$CI_COMMIT_BRANCH == "main"' in rule["if"] and "merge_request_event" in rule["if"]


# -- scripts/publish --------------------------------------------------------------------------------------------

def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid", "GIT_CONFIG_GLOBAL": "/dev/null"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def test_publish_script_is_valid_bash():
    assert os.access(REPO / "scripts/publish", os.X_OK)
    subprocess.run(["bash", "-n", str(REPO / "scripts/publish")], check=True)


def test_publish_refuses_bad_arguments(tmp_path):
    for args in ([], ["--keep", "0", str(tmp_path)], ["--bogus", str(tmp_path)]):
        result = subprocess.run(["bash", str(REPO / "scripts/publish"), *args], capture_output=True, text=True)
        assert result.returncode == 2, args


@pytest.fixture
def publish_setup(tmp_path):
    """An `origin` repository with the project, a server checkout cloned from it, and a web root.

    The checkout's scripts/build-site is the real one except that it uses this test's Python environment
    instead of creating .venv (which would install packages)."""
    origin = tmp_path / "origin"
    origin.mkdir()
    for name in ("mkdocs.yml", "pyproject.toml", "requirements.txt"):
        shutil.copy(REPO / name, origin / name)
    for name in ("docs", "content"):
        shutil.copytree(REPO / name, origin / name)
    (origin / "scripts").mkdir()
    shutil.copy(REPO / "scripts/publish", origin / "scripts/publish")
    (origin / "scripts/build-site").write_text(
        "#!/usr/bin/env bash\n# test stand-in: the real scripts/build-site without the .venv installer\n"
        f'exec "{sys.executable}" -m mkdocs build --strict "$@"\n', encoding="utf-8")
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "site")
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", str(origin), str(checkout))
    return origin, checkout, tmp_path / "www"


def publish(checkout: Path, web: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GAZETTE_TODAY": "2026-11-27"}
    return subprocess.run(["bash", str(checkout / "scripts/publish"), *args, str(web)], cwd="/", env=env,
                          capture_output=True, text=True, timeout=600)


def test_publish_switches_in_good_builds_and_never_a_failed_one(publish_setup):
    origin, checkout, web = publish_setup
    first = publish(checkout, web, "--keep", "2")
    assert first.returncode == 0, first.stderr
    live = web / "current"
    assert live.is_symlink() and not os.path.isabs(os.readlink(live))
    first_release = live.resolve()
    assert (live / "index.html").is_file() and (live / "redirects.nginx.conf").is_file()
    assert (live / ".htaccess").is_file() and (live / "sitemap.xml").is_file()

    # an editor's mistake reaches origin: the pull gets it, the strict build fails, the live site stays
    (origin / "content/tin-tuc/2026/loi.md").write_text(
        "---\ntitle: Bài lỗi\ndate: 2026-02-31\ncategory: khong-co\n---\nNội dung\n", encoding="utf-8")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "broken")
    failed = publish(checkout, web)
    assert failed.returncode == 1
    assert "content/tin-tuc/2026/loi.md" in failed.stderr
    assert "the live site was not changed" in failed.stderr
    assert live.resolve() == first_release and (live / "index.html").is_file()
    assert not list((web / "releases").glob(".build-*")), "the failed build is cleaned up"

    # fixed: the next run publishes it
    (origin / "content/tin-tuc/2026/loi.md").write_text(
        '---\ntitle: "Bài đã sửa Plorquet"\ndate: 2026-02-28\ncategory: cai-cach-hanh-chinh\n---\nNội dung\n',
        encoding="utf-8")
    git(origin, "commit", "-q", "-am", "fixed")
    fixed = publish(checkout, web, "--keep", "2")
    assert fixed.returncode == 0, fixed.stderr
    assert live.resolve() != first_release
    assert "Bài đã sửa Plorquet" in (live / "tin-tuc/2026/loi/index.html").read_text("utf-8")
    assert first_release.is_dir(), "the previous build is kept for rolling back"

    # a third build: only the last two are kept
    again = publish(checkout, web, "--keep", "2", "--no-pull")
    assert again.returncode == 0, again.stderr
    releases = sorted(p.name for p in (web / "releases").iterdir() if not p.name.startswith("."))
    assert len(releases) == 2 and live.resolve().name == releases[-1]
    assert not first_release.exists()


def test_publish_does_not_replace_a_real_directory(publish_setup):
    _, checkout, web = publish_setup
    (web / "current").mkdir(parents=True)
    (web / "current/index.html").write_text("old site", encoding="utf-8")
    result = publish(checkout, web, "--no-pull")
    assert result.returncode == 2
    assert (web / "current/index.html").read_text("utf-8") == "old site"
