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
