"""A problem found in an entry file, and how it is shown to the person fixing it."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"  # the entry is left out of the site
WARNING = "warning"  # the entry is kept; fix it when you can


@dataclass(frozen=True, order=True)
class Problem:
    """What is wrong where, and what to do about it."""

    path: str  # the file, as the person running the command would type it
    line: int | None  # 1-based line in the file, when known
    field: str  # front matter field (`adopters[0].status`), or `file`, `yaml`, `body`
    message: str  # what is wrong, in plain English
    fix: str = ""  # what to do about it
    severity: str = ERROR  # ERROR or WARNING

    @property
    def is_error(self) -> bool:
        """Whether the problem keeps the entry out of the site."""
        return self.severity == ERROR

    def __str__(self) -> str:
        """The `path:line: field: severity: message` line (no line when unknown)."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.severity}: {self.message}"

    def format(self) -> str:
        """The problem line with its fix on an indented second line."""
        return f"{self}\n    fix: {self.fix}" if self.fix else str(self)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form, for the health endpoint and tools."""
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "severity": self.severity,
            "message": self.message,
            "fix": self.fix,
        }


def problem_from_dict(data: dict[str, object]) -> Problem:
    """Rebuild a Problem from `Problem.to_dict()` output."""
    return Problem(**data)  # type: ignore[arg-type]
