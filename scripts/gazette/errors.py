"""Problems found in editors' content, reported all at once in the form `path:line: field: message`."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    path: str                  # relative to the project root, POSIX separators
    line: int | None
    field: str | None
    message: str
    severity: str = ERROR

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        prefix = "" if self.severity == ERROR else "cảnh báo: "
        return f"{where}:{field} {prefix}{self.message}"

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.field or "", self.message)


class ContentError(Exception):
    """Raised with every problem of a run; callers print them and exit non-zero."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=lambda p: p.sort_key)
        super().__init__(format_problems(self.problems))


def format_problems(problems: Iterable[Problem]) -> str:
    return "\n".join(p.format() for p in sorted(problems, key=lambda p: p.sort_key))


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The valid value an editor most likely meant, for 'did you mean …?' hints."""
    matches = difflib.get_close_matches(str(value), sorted(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    choices = sorted(choices)
    guess = closest(value, choices)
    if guess:
        return f" — có phải ý bạn là `{guess}`?"
    shown = ", ".join(choices[:12]) + (" …" if len(choices) > 12 else "")
    return f"; các giá trị hợp lệ: {shown}" if choices else ""
