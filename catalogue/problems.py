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

    def format_github(self) -> str:
        """The problem as a GitHub Actions workflow command (an annotation).

        `::error file=PATH,line=N,title=FIELD::MESSAGE` (`::warning` for a
        warning); GitHub shows it on that line of the pull request's diff.
        """
        properties = [f"file={_escape_property(self.path)}"]
        if self.line:
            properties.append(f"line={self.line}")
        properties.append(f"title={_escape_property(self.field)}")
        message = f"{self.message}\nfix: {self.fix}" if self.fix else self.message
        return f"::{self.severity} {','.join(properties)}::{_escape_data(message)}"

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


def _escape_data(text: str) -> str:
    """Escape a workflow command's message: `%`, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """Escape a workflow command's property value: as a message, and `:` and `,`."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def problem_from_dict(data: dict[str, object]) -> Problem:
    """Rebuild a Problem from `Problem.to_dict()` output."""
    return Problem(**data)  # type: ignore[arg-type]
