"""A real HTTP server on 127.0.0.1 for the link-checking tests: one route per kind of page or misbehaviour, and
a log of every request it answered (method, path), so a test can count what was fetched."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Handler = Callable[["_Handler"], None]


def html(title: str, body: str = "", head: str = "", charset: str = "utf-8") -> bytes:
    page = (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>{head}</head>'
            f"<body><h1>{title}</h1><div class='content'>{body}</div></body></html>")
    return page.encode("gb18030" if charset.lower() in ("gbk", "gb2312") else charset)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LinkServer  # type: ignore[assignment]

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        path = self.path.split("?")[0]
        with self.server.lock:
            self.server.requests.append((self.command, self.path))
            self.server.counts[path] = self.server.counts.get(path, 0) + 1
        route = self.server.routes.get(path, self.server.default)
        if route is None:
            self.send(404, html("404 Not Found", "页面不存在"))
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)

    def send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def count(self) -> int:
        return self.server.counts[self.path.split("?")[0]]

    def log_message(self, *args: object) -> None:
        pass


class LinkServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, routes: dict[str, Handler], address: str = "127.0.0.1", port: int = 0,
                 default: Handler | None = None) -> None:
        super().__init__((address, port), _Handler)
        self.routes = routes
        self.default = default  # for paths without a route (else 404)
        self.requests: list[tuple[str, str]] = []
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://{self.server_address[0]}:{self.server_address[1]}{path}"

    def __enter__(self) -> LinkServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


# --- routes ---------------------------------------------------------------------------------------------------

def page(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Handler:
    return lambda h: h.send(status, body, headers)


def redirect(to: str, status: int = 302) -> Handler:
    return lambda h: h.send(status, b"", {"Location": to})


def head_refused(body: bytes) -> Handler:
    return lambda h: h.send(405, b"", {"Allow": "GET"}) if h.command == "HEAD" else h.send(200, body)


def too_many_once(body: bytes, retry_after: str = "1") -> Handler:
    """429 with Retry-After on the first request, the page afterwards."""
    return lambda h: h.send(429, b"", {"Retry-After": retry_after}) if h.count() == 1 else h.send(200, body)


def slow(seconds: float, body: bytes) -> Handler:
    def handle(h: _Handler) -> None:
        time.sleep(seconds)
        h.send(200, body)
    return handle


def drip(interval: float = 0.3, limit: float = 30.0) -> Handler:
    """Headers at once, then a byte every `interval` for up to `limit` seconds: never a complete answer."""
    def handle(h: _Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        end = time.monotonic() + limit
        while time.monotonic() < end:
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(interval)
    return handle


def endless(limit: float = 30.0) -> Handler:
    """A body without end (no length, chunks as fast as they are read)."""
    def handle(h: _Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Connection", "close")
        h.end_headers()
        h.close_connection = True
        chunk = ("<p>" + "无尽的页面" * 2000 + "</p>").encode()
        end = time.monotonic() + limit
        while time.monotonic() < end:
            h.wfile.write(chunk)
    return handle


@lru_cache(maxsize=1)
def bomb_body() -> bytes:
    """100 MB of spaces in ~100 KB of gzip."""
    return gzip.compress(b"<html><title>bomb</title><body>" + b" " * (100 * 1024 * 1024), compresslevel=9)


def gzip_bomb() -> Handler:
    return lambda h: h.send(200, bomb_body(), {"Content-Encoding": "gzip"})
