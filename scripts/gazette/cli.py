"""The `gazette` command: editors' and CI's entry point. Exit 0 clean, 1 content errors, 2 usage errors."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .corpus import BuildOptions, load_corpus
from .errors import WARNING, Problem
from .text import today as vietnam_today


def _github(problem: Problem) -> str:
    kind = "warning" if problem.severity == WARNING else "error"
    line = f",line={problem.line}" if problem.line else ""
    message = (f"{problem.field}: " if problem.field else "") + problem.message
    message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{kind} file={problem.path}{line}::{message}"


def cmd_check(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    content = (root / args.content).resolve()
    if not content.is_dir():
        print(f"gazette: không tìm thấy thư mục nội dung {content}", file=sys.stderr)
        return 2
    today = args.today or vietnam_today()
    result = load_corpus(content, BuildOptions(today=today, preview=True), root)
    if args.missing:
        for item in result.missing:
            places = ", ".join(f"{path}:{line}" for path, line in item.places)
            print(f"{item.number}\t{len(item.places)} lần\t{places}")
        return 0
    problems = sorted(result.problems, key=lambda p: p.sort_key)
    errors = [p for p in problems if p.severity != WARNING]
    warnings = [p for p in problems if p.severity == WARNING]
    for problem in problems:
        print(_github(problem) if args.format == "github" else problem.format())
    if result.missing and args.format == "text":
        print(f"\nVăn bản được nhắc đến nhưng chưa có trong content/van-ban/ ({len(result.missing)}):")
        for item in result.missing:
            first = item.places[0]
            print(f"  {item.number}: {len(item.places)} lần, ví dụ {first[0]}:{first[1]}")
    corpus = result.corpus
    summary = (f"{len(errors)} lỗi, {len(warnings)} cảnh báo"
               + (f"; {len(corpus.articles)} tin bài, {len(corpus.documents)} văn bản" if corpus else ""))
    print(summary, file=sys.stderr)
    if errors or (args.strict and warnings):
        return 1
    return 0


def _content_dir(args: argparse.Namespace, option: str) -> Path | None:
    content = (Path(args.root) / getattr(args, option)).resolve()
    if not content.is_dir():
        print(f"gazette: không tìm thấy thư mục nội dung {content}", file=sys.stderr)
        return None
    return content


def _shown(path: Path, root: str) -> str:
    """A path as the editor can paste it: relative to the current folder when it is inside it."""
    for base in (Path.cwd(), Path(root)):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def cmd_new(args: argparse.Namespace) -> int:
    from .newfile import NewFileError, new_article, new_document, read_taxonomies

    content = _content_dir(args, "content")
    if content is None:
        return 2
    taxonomies = read_taxonomies(content)
    try:
        if args.kind == "article":
            created = new_article(content, args.title, when=args.date or vietnam_today(), category=args.category,
                                  taxonomies=taxonomies)
        else:
            created = new_document(content, args.number, issued=args.issued, issuer=args.issuer,
                                   type_name=args.type, taxonomies=taxonomies)
    except NewFileError as exc:
        print(f"gazette new: {exc}", file=sys.stderr)
        return exc.code
    print(_shown(created.path, args.root))
    if created.todo:
        print("Cần điền: " + "; ".join(created.todo), file=sys.stderr)
    for note in created.notes:
        print(f"Lưu ý: {note}", file=sys.stderr)
    print("Sau khi điền xong, chạy: gazette check", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .importer import Options, format_report, import_files, summary_line
    from .newfile import NewFileError

    content = _content_dir(args, "out")
    if content is None:
        return 2
    options = Options(content=content, today=args.today or vietnam_today(), category=args.category,
                      day=args.date, root=Path(args.root))
    try:
        reports = import_files([Path(f) for f in args.files], options)
    except NewFileError as exc:
        print(f"gazette import: {exc}", file=sys.stderr)
        return 2
    if not reports:
        print("gazette import: không có tệp nào để nhập (.html, .htm, .txt)", file=sys.stderr)
        return 2
    print(format_report(reports, verbose=args.verbose))
    print(summary_line(reports), file=sys.stderr)
    return 1 if any(r.status == "lỗi" for r in reports) else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .newfile import read_taxonomies
    from .schema import stale_schemas, write_schemas

    content = _content_dir(args, "content")
    if content is None:
        return 2
    taxonomies = read_taxonomies(content)
    out = Path(args.root) / args.out
    if args.check:
        stale = stale_schemas(out, taxonomies)
        for path in stale:
            print(f"{_shown(path, args.root)}: đã cũ so với fields.py/taxonomies.yml; chạy `gazette schema` "
                  "rồi commit lại", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas(out, taxonomies):
        print(_shown(path, args.root))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """The same figures as /thong-ke/ and du-lieu/thong-ke.json (one computation: gazette.stats)."""
    from .stats import compute_statistics, render_stats_text

    content = _content_dir(args, "content")
    if content is None:
        return 2
    result = load_corpus(content, BuildOptions(today=args.today or vietnam_today()), Path(args.root).resolve())
    if result.corpus is None:
        for problem in result.errors:
            print(problem.format(), file=sys.stderr)
        print("gazette: nội dung còn lỗi, chạy `gazette check` để xem", file=sys.stderr)
        return 1
    print(render_stats_text(compute_statistics(result.corpus, args.year)))
    return 0


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{value}` không phải ngày dạng YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gazette", description="Công cụ trang tin cải cách hành chính")
    parser.add_argument("--root", default=".", help="thư mục dự án (chứa mkdocs.yml)")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="kiểm tra toàn bộ content/ và báo mọi lỗi một lần")
    check.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    check.add_argument("--strict", action="store_true", help="cảnh báo cũng tính là lỗi")
    check.add_argument("--missing", action="store_true",
                       help="chỉ in danh sách văn bản được nhắc đến nhưng chưa có trong content/")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="github: chú thích (annotations) cho GitHub Actions")
    check.add_argument("--today", type=_date, help="coi hôm nay là ngày này (YYYY-MM-DD)")
    check.set_defaults(func=cmd_check)

    new = sub.add_parser("new", help="tạo tệp tin bài hoặc văn bản mới với đủ các trường")
    new.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    kinds = new.add_subparsers(dest="kind", required=True)
    article = kinds.add_parser("article", help="tin bài: content/tin-tuc/<năm>/<ten-khong-dau>.md")
    article.add_argument("title", help="tiêu đề bài viết, trong ngoặc kép")
    article.add_argument("--category", help="khóa chuyên mục trong content/taxonomies.yml")
    article.add_argument("--date", type=_date, help="ngày đăng YYYY-MM-DD (mặc định: hôm nay, giờ Việt Nam)")
    document = kinds.add_parser("document", help="văn bản: content/van-ban/<năm>/<so-ky-hieu>.md")
    document.add_argument("number", help="số ký hiệu, ví dụ \"754/QĐ-UBND\"")
    document.add_argument("--issued", type=_date, required=True, help="ngày ban hành YYYY-MM-DD")
    document.add_argument("--issuer", help="khóa cơ quan ban hành trong content/taxonomies.yml "
                                           "(mặc định: theo mã cơ quan trong số ký hiệu)")
    document.add_argument("--type", help="loại văn bản, ví dụ \"Quyết định\" (mặc định: theo mã loại trong số ký hiệu)")
    new.set_defaults(func=cmd_new)

    imp = sub.add_parser("import", help="nhập trang đã lưu từ cổng thông tin cũ (.html hoặc .txt) thành tin bài")
    imp.add_argument("files", nargs="+", metavar="FILE", help="tệp .html/.htm/.txt, hoặc thư mục chứa chúng")
    imp.add_argument("--category", help="khóa chuyên mục (mặc định: chuyên mục đầu tiên, kèm cảnh báo)")
    imp.add_argument("--date", type=_date, help="ngày đăng YYYY-MM-DD cho mọi tệp (mặc định: ngày ghi trên trang)")
    imp.add_argument("--out", default="content", help="thư mục nội dung để ghi vào (mặc định: content)")
    imp.add_argument("--today", type=_date, help="coi hôm nay là ngày này (YYYY-MM-DD)")
    imp.add_argument("-v", "--verbose", action="store_true", help="liệt kê cả những dòng đã bỏ")
    imp.set_defaults(func=cmd_import)

    schema = sub.add_parser("schema", help="sinh JSON Schema của phần thông tin (front matter) cho trình soạn thảo")
    schema.add_argument("--out", default="schemas", help="thư mục ghi schema (mặc định: schemas)")
    schema.add_argument("--content", default="content", help="thư mục nội dung có taxonomies.yml")
    schema.add_argument("--check", action="store_true", help="chỉ kiểm tra các tệp schema đã cập nhật chưa")
    schema.set_defaults(func=cmd_schema)

    stats = sub.add_parser("stats", help="in bảng số liệu thống kê (cùng số liệu với trang Thống kê)")
    stats.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    stats.add_argument("--year", type=int, help="chỉ số liệu của một năm")
    stats.add_argument("--today", type=_date, help="coi hôm nay là ngày này (YYYY-MM-DD)")
    stats.set_defaults(func=cmd_stats)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
