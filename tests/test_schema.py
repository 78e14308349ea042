"""JSON Schemas of front matter: generated from fields.py, committed, agreeing with the validator; editor files."""
from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from conftest import ARTICLE_FM, DOCUMENT_FM, REPO_ROOT
from gazette import cli
from gazette.fields import FIELDS_BY_KIND
from gazette.load import load_content, parse_front_matter
from gazette.newfile import read_taxonomies
from gazette.schema import FILES, build_schema, generate

SCHEMAS = REPO_ROOT / "schemas"


def validator(kind: str, taxonomies=None) -> jsonschema.Draft7Validator:
    schema = build_schema(kind, taxonomies) if taxonomies else json.loads((SCHEMAS / FILES[kind]).read_text("utf-8"))
    return jsonschema.Draft7Validator(schema)


def test_committed_schemas_are_what_gazette_schema_generates(tmp_path, capsys):
    assert cli.main(["--root", str(REPO_ROOT), "schema", "--out", str(tmp_path / "out")]) == 0
    for name in FILES.values():
        assert (tmp_path / "out" / name).read_text(encoding="utf-8") == (SCHEMAS / name).read_text(encoding="utf-8"), \
            f"schemas/{name} is stale: run `gazette schema` and commit it"
    assert generate(read_taxonomies(REPO_ROOT / "content")) == \
        {name: (SCHEMAS / name).read_text(encoding="utf-8") for name in FILES.values()}


def test_schema_check_option(tmp_path, capsys):
    assert cli.main(["--root", str(REPO_ROOT), "schema", "--check"]) == 0
    out = tmp_path / "schemas"
    assert cli.main(["--root", str(REPO_ROOT), "schema", "--out", str(out)]) == 0
    (out / FILES["article"]).write_text("{}", encoding="utf-8")
    assert cli.main(["--root", str(REPO_ROOT), "schema", "--out", str(out), "--check"]) == 1
    assert "article.schema.json" in capsys.readouterr().err


@pytest.mark.parametrize("kind", sorted(FILES))
def test_schemas_are_valid_draft7_with_every_field_described(kind):
    schema = json.loads((SCHEMAS / FILES[kind]).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    specs = FIELDS_BY_KIND[kind]
    assert list(schema["properties"]) == [s.name for s in specs]
    assert schema["required"] == [s.name for s in specs if s.required]
    assert schema["additionalProperties"] is False
    for spec in specs:
        assert schema["properties"][spec.name]["description"] == spec.description


def test_enums_come_from_the_taxonomies():
    taxonomies = read_taxonomies(REPO_ROOT / "content")
    article = json.loads((SCHEMAS / FILES["article"]).read_text(encoding="utf-8"))
    document = json.loads((SCHEMAS / FILES["document"]).read_text(encoding="utf-8"))
    assert article["properties"]["category"]["enum"] == list(taxonomies.categories)
    assert article["properties"]["category"]["enumDescriptions"] == list(taxonomies.categories.values())
    assert document["properties"]["issuer"]["enum"] == list(taxonomies.issuers)
    fields = document["properties"]["fields"]["anyOf"][0]["items"]
    assert fields["enum"] == list(taxonomies.fields)


def test_every_bundled_content_file_matches_its_schema():
    loaded = load_content(REPO_ROOT / "content", REPO_ROOT)
    assert len(loaded.records) > 40
    validators = {kind: validator(kind) for kind in FILES}
    failures = [f"{record.path}: {'/'.join(map(str, error.path))}: {error.message}"
                for record in loaded.records for error in validators[record.kind].iter_errors(record.data)]
    assert failures == []


def _front(text: str) -> dict:
    """Front matter as an editor's YAML 1.2 tooling reads it: dates stay text (as in gazette's own loader)."""
    data, _, _, problems = parse_front_matter(text, "x.md")
    assert not problems
    return data


# Front matters the validator accepts must pass the schema, and shapes it rejects must fail it.
ACCEPTED = [
    ("article", ARTICLE_FM),
    ("article", ARTICLE_FM + 'tags: "một thẻ"\nsummary: ""\nsource:\ndocuments: ["754/QĐ-UBND@2020"]\ndraft: false\n'),
    ("article", ARTICLE_FM.replace("2020-04-10", '"2020-04-10 08:30"') + "aliases: [/tin-tuc/cu/123.html]\n"),
    ("document", DOCUMENT_FM),
    ("document", DOCUMENT_FM + 'fields: cai-cach-hanh-chinh\nstatus: "Còn hiệu lực"\nbased_on: ["30/2020/NĐ-CP"]\n'
                               'attachments: [{file: "a.pdf", title: "Toàn văn"}, "b.pdf"]\neffective: ""\n'),
]
REJECTED = [
    ("article", ARTICLE_FM + "sumary: x\n", "sumary"),                              # unknown field
    ("article", ARTICLE_FM.replace("cai-cach-hanh-chinh", "khong-co"), "category"),
    ("article", ARTICLE_FM.replace("2020-04-10", "10/4/2020"), "date"),
    ("article", ARTICLE_FM.replace('title: "Tổng kết cải cách hành chính"\n', ""), "title"),
    ("article", ARTICLE_FM + "draft: có\n", "draft"),
    ("article", ARTICLE_FM + 'documents: ["31/3/2020 xx", "không số"]\n', "documents"),
    ("article", ARTICLE_FM + 'image: "../../anh.jpg"\n', "image"),
    ("document", DOCUMENT_FM.replace("ubnd-tinh", "ubnd"), "issuer"),
    ("document", DOCUMENT_FM + "status: Còn hiệu lực lắm\n", "status"),
    ("document", DOCUMENT_FM + "attachments: [{tep: a.pdf}]\n", "attachments"),
    ("document", DOCUMENT_FM.replace("issued: 2020-03-31", "issued: 2020-03-31 08:30"), "issued"),
]


@pytest.mark.parametrize("kind, text", ACCEPTED)
def test_schema_accepts_what_the_validator_accepts(make_content, kind, text):
    site = make_content()
    site.write_raw("van-ban/2020/a.pdf", b"%PDF")
    site.write_raw("van-ban/2020/b.pdf", b"%PDF")
    path = site.article(front_matter=text) if kind == "article" else site.document(front_matter=text)
    item, problems = site.validate_one(path)
    assert item is not None, [p.format() for p in problems]
    taxonomies = read_taxonomies(site.content)
    assert list(validator(kind, taxonomies).iter_errors(_front(text))) == []


@pytest.mark.parametrize("kind, text, field", REJECTED)
def test_schema_rejects_what_the_validator_rejects(make_content, kind, text, field):
    site = make_content()
    path = site.article(front_matter=text) if kind == "article" else site.document(front_matter=text)
    item, problems = site.validate_one(path)
    assert item is None and any(p.field == field for p in problems), [p.format() for p in problems]
    taxonomies = read_taxonomies(site.content)
    errors = list(validator(kind, taxonomies).iter_errors(_front(text)))
    assert errors, text


def test_new_templates_only_miss_their_empty_required_fields(make_content, capsys, monkeypatch):
    site = make_content()
    monkeypatch.chdir(site.root)
    assert cli.main(["--root", str(site.root), "new", "article", "Tiêu đề", "--date", "2020-04-10"]) == 0
    assert cli.main(["--root", str(site.root), "new", "document", "754/QĐ-UBND", "--issued", "2020-03-31"]) == 0
    taxonomies = read_taxonomies(site.content)
    for kind, rel, missing in (("article", "tin-tuc/2020/tieu-de.md", ["category"]),
                               ("document", "van-ban/2020/754-qd-ubnd.md", ["title"])):
        front = _front((site.content / rel).read_text(encoding="utf-8").split("---\n")[1])
        errors = list(validator(kind, taxonomies).iter_errors(front))
        assert sorted(e.path[0] for e in errors) == missing


# --- editor and hook configuration -----------------------------------------------------------------------------

def test_vscode_settings_map_the_schemas_to_the_content_folders():
    settings = json.loads((REPO_ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == {"schemas/article.schema.json": ["content/tin-tuc/**/*.md"],
                       "schemas/document.schema.json": ["content/van-ban/**/*.md"]}
    for schema in mapping:
        assert (REPO_ROOT / schema).is_file()


def test_vscode_task_problem_matcher_reads_gazette_check_annotations():
    import re
    tasks = json.loads((REPO_ROOT / ".vscode" / "tasks.json").read_text(encoding="utf-8"))["tasks"]
    (task,) = tasks
    assert task["args"] == ["check", "--format", "github"]
    with_line, without_line = (m["pattern"]["regexp"] for m in task["problemMatcher"])
    match = re.match(with_line, "::error file=content/tin-tuc/2020/a.md,line=4::category: sai")
    assert match.groups() == ("error", "content/tin-tuc/2020/a.md", "4", "category: sai")
    match = re.match(without_line, "::warning file=content/van-ban/2020/b.md::tên tệp nên là …")
    assert match.groups() == ("warning", "content/van-ban/2020/b.md", "tên tệp nên là …")


def test_pre_commit_configuration_runs_gazette_check_on_content():
    config = yaml.safe_load((REPO_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    hook = next(h for h in repo["hooks"] if h["id"] == "gazette-check")
    assert hook["entry"].split()[-2:] == ["gazette", "check"] or hook["entry"].endswith("gazette check")
    assert hook["files"] == "^content/" and hook["pass_filenames"] is False and hook["language"] == "system"
    (published,) = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert published["id"] == "gazette-check" and published["entry"] == "gazette check"
    assert published["language"] == "python" and published["files"] == "^content/"
    # the libraries `gazette check` imports, pinned as in requirements.txt
    pins = {line.strip() for line in (REPO_ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()}
    assert set(published["additional_dependencies"]) <= {p.lower() for p in pins} | pins
