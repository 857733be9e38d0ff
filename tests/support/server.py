"""`catalogue serve` in a subprocess on 127.0.0.1, for tests and the benchmark.

`Server(entries, index)` starts the real command line's server on a free port
(`free_port`: the one way this repository picks a port), waits until
`/api/health` answers, and GETs paths from it (`get`, `json`); `log()` is what
it printed; `stop()` ends it. The browser tests, the reliability tests and
`bench/` all start servers with it.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
PORTS = range(5300, 5400)  # the ports this project's servers may use
START_SECONDS = 120.0  # `catalogue serve` refreshes the index before it listens
REQUEST_TIMEOUT = 30.0  # seconds one request may take before it is an error


def free_port(ports: Sequence[int] = PORTS) -> int:
    """A port in `ports` nothing listens on now (tried in random order)."""
    candidates = list(ports)
    random.shuffle(candidates)
    for port in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports[0]}-{ports[-1]} on {HOST}")


def catalogue_command() -> list[str]:
    """The `catalogue` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("catalogue")
    return [str(script)] if script.exists() else [sys.executable, "-m", "catalogue"]


def fetch(
    port: int, path: str, timeout: float = REQUEST_TIMEOUT
) -> tuple[int, dict[str, str], bytes]:
    """GET a path from the server on 127.0.0.1: (status, headers, body)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body
    finally:
        connection.close()


@dataclass
class Server:
    """`catalogue serve` in a subprocess, listening on 127.0.0.1 only.

    Use as a context manager, or call `start()` and `stop()`. With no `port`,
    a free one in 5300-5399 is chosen (and another tried if it is taken in the
    meantime). `prefix` goes before the `catalogue serve ...` command (such as
    a setpriv command); `env` adds to the environment.
    """

    entries: Path
    index: Path
    port: int | None = None
    env: dict[str, str] = field(default_factory=dict)
    start_seconds: float = START_SECONDS
    prefix: list[str] = field(default_factory=list)  # such as a setpriv command
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def start(self) -> Server:
        """Start the server and wait until /api/health answers 200."""
        chosen = self.port
        for _attempt in range(5):
            port = chosen or free_port()
            if self._start_on(port):
                return self
            if chosen or "in use" not in self.log():
                break
        log = self.log()[-3000:]
        raise RuntimeError(
            f"catalogue serve did not start on {HOST}:{self.port}:\n{log}"
        )

    def _start_on(self, port: int) -> bool:
        self.port = port
        if self.log_path is None:
            handle, name = tempfile.mkstemp(prefix="catalogue-serve-", suffix=".log")
            os.close(handle)
            self.log_path = Path(name)
        env = {
            **os.environ,
            "CATALOGUE_ENTRIES": str(self.entries),
            "CATALOGUE_INDEX": str(self.index),
            "PYTHONUNBUFFERED": "1",
            **self.env,
        }
        command = [*catalogue_command(), "serve", "--host", HOST, "--port", str(port)]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [*self.prefix, *command],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
        # Waitress logs "Serving on" once it holds the port: until then, an
        # answer could come from someone else's server on that port.
        bound = f"Serving on http://{HOST}:{port}"
        deadline = time.monotonic() + self.start_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                if bound in self.log() and fetch(port, "/api/health", 5)[0] == 200:
                    return True
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.1)
        self._terminate()
        return False

    @property
    def base(self) -> str:
        """The server's base URL."""
        return f"http://{HOST}:{self.port}"

    def get(self, path: str, timeout: float = REQUEST_TIMEOUT):
        """GET a path: (status, headers, body)."""
        assert self.port is not None
        return fetch(self.port, path, timeout)

    def json(self, path: str, timeout: float = REQUEST_TIMEOUT) -> Any:
        """GET a path that answers JSON with a 200; the decoded body."""
        status, _headers, body = self.get(path, timeout)
        if status != 200:
            raise AssertionError(f"{path} answered {status}: {body[:300]!r}")
        return json.loads(body)

    def log(self) -> str:
        """What the server has printed so far."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Stop the server and remove its log."""
        self._terminate()
        if self.log_path is not None:
            self.log_path.unlink(missing_ok=True)
            self.log_path = None

    def _terminate(self) -> None:
        """SIGTERM, then SIGKILL if the server has not gone in 10 s."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
