"""`python -m catalogue.link_check`: broken links reported on their lines; exit 0.

A real HTTP server on 127.0.0.1 answers: `/ok` 200, `/gone` 404, `/no-head`
405 to HEAD but 200 to GET, `/moved` a redirect to `/ok`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from catalogue.link_check import find_links, main
from tests.support.server import free_port


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        if self.path == "/no-head":
            self.send_response(405)
            self.end_headers()
            return
        self.do_GET()

    def do_GET(self) -> None:
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        else:
            self.send_response(404 if self.path == "/gone" else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_find_links_gives_each_address_its_line():
    text = (
        "---\ncode:\n  url: https://example.org/code\n---\n"
        "See [the report](https://example.org/r.pdf), or <https://example.org/a>.\n"
        "Plain https://example.org/b. And mailto:team@example.org\n"
    )
    assert [(r.line, r.url) for r in find_links("a.md", text)] == [
        (3, "https://example.org/code"),
        (5, "https://example.org/r.pdf"),
        (5, "https://example.org/a"),
        (6, "https://example.org/b"),
    ]


def test_broken_links_are_warnings_on_their_lines_and_the_exit_is_0(
    server, tmp_path, capsys
):
    dead = f"http://127.0.0.1:{free_port()}/"  # nothing listens there
    entry = tmp_path / "bed-finder.md"
    entry.write_text(
        "---\ntitle: Bed finder\nsummary: Finds a bed.\ntype: project\n"
        f"links:\n  - title: Report\n    url: {server}/gone\n---\n"
        f"Works: [a]({server}/ok), [b]({server}/no-head), [c]({server}/moved).\n"
        f"Down: [d]({dead}) and again {server}/gone\n",
        encoding="utf-8",
    )
    shown = entry.as_posix()
    assert main([shown, "--timeout", "5"]) == 0
    out = capsys.readouterr().out.splitlines()
    fix = (
        "    fix: check the address; if the page has moved, link to its new address,"
        " or to an archived copy"
    )
    assert out[0:2] == [
        f"{shown}:7: link: warning: {server}/gone answered 404 Not Found",
        fix,
    ]
    assert out[2].startswith(
        f"{shown}:10: link: warning: {dead} could not be reached ("
    )
    assert out[4:6] == [
        f"{shown}:10: link: warning: {server}/gone answered 404 Not Found",
        fix,
    ]
    assert out[6] == "Checked 5 addresses in 1 file: 3 broken links."


def test_github_format_annotates_the_line(server, tmp_path, capsys):
    entry = tmp_path / "entries" / "a.md"
    entry.parent.mkdir()
    entry.write_text(f"---\ntitle: A\n---\n[x]({server}/gone)\n", encoding="utf-8")
    assert main(["--format", "github", str(tmp_path / "entries")]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"::warning file={entry.as_posix()},line=4,title=link::")
    assert f"{server}/gone answered 404 Not Found%0Afix: " in first.replace("%3A", ":")
