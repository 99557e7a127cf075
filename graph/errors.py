"""Errors that point at the place in a curated file that caused them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem in one curated file: where it is and what is wrong.

    >>> print(Problem("graph/facts/a.yaml", 12, "level", "unknown concept 'strategic'"))
    graph/facts/a.yaml:12: level: unknown concept 'strategic'
    """

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class CurationError(Exception):
    """One or more problems in the curated files; the build stops on it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Problems:
    """Collects problems so that one run reports all of them, not just the first."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: str | Path, line: int | None, field: str | None, message: str) -> None:
        problem = Problem(str(file), line, field, message)
        if problem not in self.items:  # a fact with a list of objects reports a shared problem once
            self.items.append(problem)

    def raise_if_any(self) -> None:
        if self.items:
            raise CurationError(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)
