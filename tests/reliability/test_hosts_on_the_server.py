"""A forged Host through the real server (waitress), byte for byte.

`GET /entries//x` with a forged `Host` used to answer a cacheable 308 to that
host. Raw requests here, so that nothing on the client side tidies the path
or the header first.
"""

from __future__ import annotations

import pytest

from tests.reliability.test_hostile_queries import _raw_request

FORGED = b"evil-host.attacker.example"
SITE = "https://catalogue.example.nhs.uk"
PATHS = [
    b"/entries//bed-planner",
    b"//entries/bed-planner",
    b"//search?q=bed",
    b"/search/",
    b"/api//search?q=bed",
    b"/organisations//alpha-hospitals-nhs-trust",
    b"/static//css/catalogue.css",
    b"/",
    b"/search?q=bed",
    b"/entries/bed-planner",
    b"/api/search?q=bed",
]
FEEDS = [b"/feed.atom", b"/sitemap.xml", b"/robots.txt", b"/opensearch.xml"]


def _get(port: int, path: bytes, host: bytes = FORGED) -> bytes:
    return _raw_request(
        port,
        b"GET " + path + b" HTTP/1.1\r\nHost: " + host + b"\r\n"
        b"X-Forwarded-Host: " + host + b"\r\nConnection: close\r\n\r\n",
    )


def _status(answer: bytes) -> int:
    return int(answer.split(b"\r\n", 1)[0].split()[1])


@pytest.mark.parametrize("path", PATHS, ids=[p.decode() for p in PATHS])
def test_no_redirect_or_page_names_a_forged_host(small_server, path):
    """Without any configuration: only the feeds may use the request's host."""
    assert small_server.port is not None
    answer = _get(small_server.port, path)
    assert _status(answer) in (200, 404), answer[:300]
    assert FORGED not in answer


def test_with_a_site_url_not_even_the_feeds_name_it(serve, small_site):
    server = serve(small_site, env={"CATALOGUE_SITE_URL": SITE})
    assert server.port is not None
    for path in PATHS + FEEDS:
        answer = _get(server.port, path)
        assert _status(answer) in (200, 404), (path, answer[:300])
        assert FORGED not in answer, path
    assert SITE.encode() in _get(server.port, b"/robots.txt")


def test_with_trusted_hosts_a_forged_host_is_refused(serve, small_site):
    server = serve(
        small_site,
        env={
            "CATALOGUE_TRUSTED_HOSTS": "127.0.0.1,localhost",
            "CATALOGUE_SITE_URL": SITE,
        },
    )
    assert server.port is not None
    for path in (b"/search?q=bed", b"/api/search?q=bed", b"/entries//bed-planner"):
        answer = _get(server.port, path)
        assert _status(answer) == 400, answer[:300]
        assert FORGED not in answer
        assert b"Cache-Control: no-store" in answer
    assert _status(_get(server.port, b"/search?q=bed", host=b"127.0.0.1")) == 200
