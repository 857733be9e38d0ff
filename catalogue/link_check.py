"""Report web addresses in entry files that no longer answer.

`python -m catalogue.link_check [--format github] PATHS...` reads the given
entry files (or every entry in the given folders), asks each distinct http(s)
address once, and prints a warning on the line of every address that did not
answer or answered with an error. It always exits 0: sites go down and come
back, so a broken link is reported, never a reason to refuse a change. The
pull-request workflow (`.github/workflows/entries.yml`) runs it on the entries
a pull request changes.
"""

from __future__ import annotations

import argparse
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from catalogue.loader import find_entry_files
from catalogue.problems import WARNING, Problem

# An address runs to the first space, quote, angle bracket or closing bracket;
# trailing punctuation of the sentence around it is not part of it.
_URL = re.compile(r"https?://[^\s<>\"'`\]\)]+")
_TRAILING = ".,;:!?"
USER_AGENT = "nhs-ai-catalogue-link-check/1.0"
WORKERS = 8


@dataclass(frozen=True)
class LinkRef:
    """Where an address is written."""

    path: str  # the file, as given on the command line
    line: int  # 1-based
    url: str


def find_links(path: str, text: str) -> list[LinkRef]:
    """Every http(s) address in a file's text, with its line."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _URL.finditer(line):
            found.append(LinkRef(path, number, match.group(0).rstrip(_TRAILING)))
    return found


def check_url(url: str, timeout: float) -> str | None:
    """None if the address answers; otherwise what went wrong, in plain English."""
    try:
        _ask(url, "HEAD", timeout)
        return None
    except urllib.error.HTTPError as error:
        if error.code not in (403, 405, 501):  # some servers refuse HEAD only
            return f"answered {error.code} {error.reason}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return f"could not be reached ({_reason(error)})"
    try:
        _ask(url, "GET", timeout)
        return None
    except urllib.error.HTTPError as error:
        return f"answered {error.code} {error.reason}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return f"could not be reached ({_reason(error)})"


def _ask(url: str, method: str, timeout: float) -> None:
    request = urllib.request.Request(
        url, method=method, headers={"User-Agent": USER_AGENT}
    )
    with urllib.request.urlopen(request, timeout=timeout):
        pass


def _reason(error: Exception) -> str:
    reason = getattr(error, "reason", None) or error
    return str(reason) or type(error).__name__


def check_links(refs: Iterable[LinkRef], timeout: float = 15.0) -> list[Problem]:
    """A warning for each place a failing address is written."""
    refs = list(refs)
    urls = sorted({ref.url for ref in refs})
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        verdicts = dict(
            zip(urls, pool.map(lambda u: check_url(u, timeout), urls), strict=True)
        )
    return [
        Problem(
            ref.path,
            ref.line,
            "link",
            f"{ref.url} {verdicts[ref.url]}",
            "check the address; if the page has moved, link to its new address,"
            " or to an archived copy",
            WARNING,
        )
        for ref in refs
        if verdicts[ref.url]
    ]


def entry_files(paths: Sequence[Path]) -> list[Path]:
    """The entry files named, and those inside the folders named."""
    files: list[Path] = []
    for path in paths:
        files += find_entry_files(path) if path.is_dir() else [path]
    return files


def main(argv: Sequence[str] | None = None) -> int:
    """Check the links of entry files; print warnings; return 0."""
    parser = argparse.ArgumentParser(
        prog="python -m catalogue.link_check", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("paths", nargs="+", type=Path, help="entry files or folders")
    parser.add_argument("--format", choices=("text", "github"), default="text")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds per ask")
    args = parser.parse_args(argv)
    refs: list[LinkRef] = []
    files = entry_files(args.paths)
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:  # report it, check the rest
            print(f"{path.as_posix()}: file: warning: cannot be read ({error})")
            continue
        refs += find_links(path.as_posix(), text)
    problems = check_links(refs, args.timeout)
    for problem in problems:
        print(problem.format_github() if args.format == "github" else problem.format())
    distinct = len({ref.url for ref in refs})
    print(
        f"Checked {distinct} address{'es' * (distinct != 1)} in {len(files)}"
        f" file{'s' * (len(files) != 1)}: {len(problems)} broken"
        f" link{'s' * (len(problems) != 1)}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
