"""All the network I/O of link checking: an aiohttp client with global and per-host limits, retries, manual
redirects, capped and safely inflated bodies, one DNS lookup per host, and a SQLite cache between runs.

aiohttp rather than httpx (docs/PERFORMANCE.md): 1.7× the requests per second on loopback, per-host limits and
a pluggable resolver built in; the resolver is what lets every address be checked before a socket opens.
Every failure becomes a `Page` with an error for its own link only: nothing a server does raises out of here.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import json
import re
import socket
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from disclosure_check import __version__

USER_AGENT = f"disclosure-check/{__version__} (link check; +https://pypi.org/project/disclosure-check/)"
BODY_CAP = 2 * 1024 * 1024  # bytes of (inflated) body kept for judging
MAX_REDIRECTS = 10
RETRIES = 2  # further attempts after a 429/503
RETRY_AFTER_CAP = 30.0  # seconds: a server asking for a longer wait is taken at its word (429/503)
BACKOFF = 1.0  # seconds before the first retry when the server names no delay; doubled each time
CACHE_DAYS = 1.0
HEAD_REFUSED = frozenset({403, 405, 501})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY = frozenset({429, 503})
_LINK_LOCAL = (ipaddress.ip_network("169.254.0.0/16"), ipaddress.ip_network("fe80::/10"))
_TEXTUAL = re.compile(r"text/|html|xml|json", re.IGNORECASE)


@dataclass
class Options:
    jobs: int = 16
    per_host: int = 4
    timeout: float = 10.0  # seconds for one attempt at a link (its redirects and body included)
    budget: float = 300.0  # seconds for all links; the ones not done by then are skipped
    exclude: tuple[re.Pattern[str], ...] = ()
    exclude_private: bool = False
    cache: Path | None = None  # None: no cache


@dataclass
class Page:
    """What fetching one URL found. `error` is set when no usable response came: `kind` says why."""

    url: str
    kind: str = "response"  # response | timeout | error | skipped
    http_status: int | None = None
    final_url: str | None = None
    content_type: str | None = None
    body: bytes | None = None  # at most BODY_CAP bytes, inflated; None when only HEAD was needed
    elapsed_ms: int = 0
    error: str | None = None
    retry_after: str | None = None  # the header, for retries
    cached: bool = False
    digest: object = None  # what fetch_all's `digest` made of the body, which is then let go

    @property
    def transient(self) -> bool:
        """Not worth remembering: the next run may well get a different answer."""
        return self.kind in ("timeout", "skipped") or self.http_status in _RETRY


class _Skip(Exception):
    """A link that must not be fetched; its message is the reason shown to the user."""


class _Fail(Exception):
    """A fetch that failed in a way that is the link's fault (a redirect loop, a DNS failure)."""


def fetch_all(wanted: dict[str, bool], options: Options, progress: Callable[[], None] | None = None,
              digest: Callable[[Page], object] | None = None) -> dict[str, Page]:
    """Each URL of `wanted` (→ whether its body is needed to judge it) fetched at most once, from the cache
    when a fresh entry there has what is needed. With `digest`, each page's body is replaced by what `digest`
    makes of it as soon as the page is in (and cached): a run's pages never pile up in memory."""
    cache = Cache.open(options.cache) if options.cache is not None else Cache(None)

    def arrived(page: Page) -> Page:
        if not page.cached and not page.transient:
            cache.put([page])
        if digest is not None:
            page.digest, page.body = digest(page), None
        if progress:
            progress()
        return page

    pages: dict[str, Page] = {}
    for url, need_body in wanted.items():
        if (page := cache.get(url, need_body)) is not None:
            pages[url] = arrived(page)
    todo = {url: need for url, need in wanted.items() if url not in pages}
    if todo:
        pages.update(asyncio.run(_Fetcher(options, arrived).run(todo)))
    cache.close()
    return pages


class _Resolver:
    """One lookup per host per run, shared by the checks here and by aiohttp's connections (so the address
    checked is the address connected to); link-local answers are refused whatever the settings."""

    def __init__(self, exclude_private: bool) -> None:
        self.exclude_private = exclude_private
        self._found: dict[str, asyncio.Future[list[tuple[int, str]]]] = {}

    async def addresses(self, host: str) -> list[tuple[int, str]]:
        literal = _ip(host)
        if literal is not None:
            found = [(socket.AF_INET6 if literal.version == 6 else socket.AF_INET, str(literal))]
        else:
            if host not in self._found:
                self._found[host] = asyncio.ensure_future(self._lookup(host))
            found = await asyncio.shield(self._found[host])
        for _, address in found:
            ip = ipaddress.ip_address(address.split("%")[0])
            if any(ip in net for net in _LINK_LOCAL):
                raise _Skip(f"link-local address {ip}")
            if self.exclude_private and (ip.is_private or ip.is_loopback or ip.is_reserved):
                raise _Skip(f"private address {ip}")
        return found

    async def _lookup(self, host: str) -> list[tuple[int, str]]:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise _Fail(f"DNS: {host}: {exc}") from None
        return list(dict.fromkeys((family, str(addr[0])) for family, _, _, _, addr in infos))

    # aiohttp's AbstractResolver protocol
    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[dict]:
        return [{"hostname": host, "host": address, "port": port, "family": fam, "proto": 0,
                 "flags": socket.AI_NUMERICHOST | socket.AI_NUMERICSERV} for fam, address in await self.addresses(host)]

    async def close(self) -> None:
        pass


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


class _Fetcher:
    def __init__(self, options: Options, arrived: Callable[[Page], Page]) -> None:
        self.options = options
        self.arrived = arrived
        self.resolver = _Resolver(options.exclude_private)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    async def run(self, todo: dict[str, bool]) -> dict[str, Page]:
        import aiohttp

        self.slots = asyncio.Semaphore(self.options.jobs)
        connector = aiohttp.TCPConnector(limit=0, resolver=self.resolver, use_dns_cache=False,  # type: ignore[arg-type]
                                         force_close=False, ssl=True)
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=self.options.timeout, sock_read=self.options.timeout)
        pages: dict[str, Page] = {}
        async with aiohttp.ClientSession(connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar(),
                                         auto_decompress=False, trust_env=False,
                                         headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate",
                                                  "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                                                  "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}) as session:
            self.session = session
            self.deadline = time.monotonic() + self.options.budget
            tasks = {asyncio.ensure_future(self.one(url, need)): url for url, need in todo.items()}
            done, pending = await asyncio.wait(tasks, timeout=self.options.budget)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending)
            for task, url in tasks.items():
                if task in done and not task.cancelled() and task.exception() is None:
                    pages[url] = task.result()
                elif task in done and not task.cancelled():
                    exc = task.exception()
                    pages[url] = Page(url, kind="error", error=f"internal error ({type(exc).__name__}: {exc})")
                else:
                    pages[url] = self.arrived(
                        Page(url, kind="skipped", error=f"time budget of {self.options.budget:g} s spent"))
        return pages

    async def one(self, url: str, need_body: bool) -> Page:
        try:
            page = await self._fetch(url, need_body)
        except _Skip as skip:
            page = Page(url, kind="skipped", error=str(skip))
        return self.arrived(page)

    async def _fetch(self, url: str, need_body: bool) -> Page:
        target = _guard(url, self.options.exclude)
        head = await self._attempts(url, target, "HEAD")
        if head.kind == "response" and head.http_status in HEAD_REFUSED:
            pass
        elif head.kind == "error" and "redirect" not in (head.error or ""):
            pass  # some servers drop HEAD requests outright
        elif need_body and _has_body(head):
            target = head.final_url or target
        else:
            return head
        page = await self._attempts(url, target, "GET")
        page.elapsed_ms += head.elapsed_ms
        return page

    async def _attempts(self, url: str, target: str, method: str) -> Page:
        """One method with retries on 429/503 (honouring Retry-After up to a cap, within the budget)."""
        for attempt in range(RETRIES + 1):
            page = await self._attempt(url, target, method)
            if page.http_status not in _RETRY or attempt == RETRIES:
                return page
            asked = page_retry_after(page)
            delay = BACKOFF * 2 ** attempt if asked is None else asked
            if delay > RETRY_AFTER_CAP or time.monotonic() + delay + self.options.timeout > self.deadline:
                return page  # not worth waiting for: the link is reported with the server's answer
            await asyncio.sleep(delay)
        return page

    async def _attempt(self, url: str, target: str, method: str) -> Page:
        host = urlsplit(target).hostname or ""
        slot = self._hosts.setdefault(host, asyncio.Semaphore(self.options.per_host))
        async with slot, self.slots:  # the host's turn first: a queue for one host must not hold global slots
            started = time.monotonic()
            try:
                async with asyncio.timeout(self.options.timeout):
                    page = await self._follow(url, target, method)
            except TimeoutError:
                page = Page(url, kind="timeout", error=f"no complete answer within {self.options.timeout:g} s")
            except _Fail as fail:
                page = Page(url, kind="error", error=str(fail))
            except _Skip:
                raise
            except Exception as exc:  # aiohttp's and ssl's errors, malformed responses: the link's problem
                page = Page(url, kind="error", error=_describe(exc))
            page.elapsed_ms = round((time.monotonic() - started) * 1000)  # time answering, not queueing
            return page

    async def _follow(self, url: str, target: str, method: str) -> Page:
        seen = {target}
        for _ in range(MAX_REDIRECTS + 1):
            await self.resolver.addresses(urlsplit(target).hostname or "")
            async with self.session.request(method, target, allow_redirects=False) as response:
                status = response.status
                location = response.headers.get("Location")
                if status in _REDIRECTS and location:
                    following = _guard(urljoin(target, location), ())
                    if following in seen:
                        raise _Fail(f"redirect loop at {following}")
                    seen.add(following)
                    target = following
                    method = "GET" if status == 303 else method
                    continue
                page = Page(url, http_status=status, final_url=target, content_type=response.headers.get("Content-Type"),
                            retry_after=response.headers.get("Retry-After"))
                if method == "GET" and status < 400 and _textual(page.content_type):
                    page.body = await _read_capped(response)
                return page
        raise _Fail(f"more than {MAX_REDIRECTS} redirects")


def page_retry_after(page: Page) -> float | None:
    """Seconds the server asked us to wait: `Retry-After: 5` or an HTTP date."""
    value = page.retry_after
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


async def _read_capped(response) -> bytes:  # type: ignore[no-untyped-def]
    """At most BODY_CAP bytes of inflated body: gzip/deflate are inflated here with a bound on the output, so a
    bomb costs BODY_CAP, and reading stops there (a body without end costs the same, then the timeout)."""
    encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate", ""):
        raise _Fail(f"unsupported Content-Encoding {encoding}")
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32) if encoding != "identity" and encoding else None
    kept = bytearray()
    async for chunk in response.content.iter_chunked(64 * 1024):
        if inflater is None:
            kept += chunk[: BODY_CAP - len(kept)]
        else:
            try:
                kept += inflater.decompress(chunk, BODY_CAP - len(kept))
            except zlib.error as exc:
                raise _Fail(f"damaged {encoding} body: {exc}") from None
        if len(kept) >= BODY_CAP:
            break
    return bytes(kept)


def _guard(url: str, exclude: Iterable[re.Pattern[str]]) -> str:
    """The URL to request (credentials removed, never sent) or _Skip with the reason."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as exc:
        raise _Skip(f"malformed URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise _Skip(f"not http(s): {parts.scheme or 'relative'}")
    if not parts.hostname:
        raise _Skip("no host")
    for pattern in exclude:
        if pattern.search(url):
            raise _Skip(f"excluded by --link-exclude {pattern.pattern}")
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def _textual(content_type: str | None) -> bool:
    return not content_type or bool(_TEXTUAL.search(content_type))


def _describe(exc: BaseException) -> str:
    import aiohttp

    if isinstance(exc, aiohttp.ClientConnectorCertificateError | aiohttp.ClientSSLError):
        return f"TLS: {exc}"
    if isinstance(exc, aiohttp.ClientConnectorError):
        return f"cannot connect: {exc.os_error.strerror or exc}"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "the server closed the connection"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


@dataclass
class Cache:
    """Pages kept between runs in SQLite, one row per URL, for CACHE_DAYS. A cache that cannot be opened or
    written is left alone: it only saves time."""

    connection: sqlite3.Connection | None  # None: no cache (every get misses, every put is dropped)
    now: float = field(default_factory=time.time)

    @classmethod
    def open(cls, path: Path) -> Cache:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=5)
            connection.execute("CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, fetched REAL NOT NULL, "
                               "complete INTEGER NOT NULL, page TEXT NOT NULL, body BLOB)")
            connection.execute("DELETE FROM pages WHERE fetched < ?", (time.time() - CACHE_DAYS * 86400,))
            connection.commit()
        except (OSError, sqlite3.Error):
            connection = None
        return cls(connection)

    def get(self, url: str, need_body: bool) -> Page | None:
        """A fresh entry that has what is needed: a body, when the body is needed and the page has one to give."""
        if self.connection is None:
            return None
        try:
            row = self.connection.execute(
                "SELECT page, body FROM pages WHERE url = ? AND fetched >= ? AND complete >= ?",
                (url, self.now - CACHE_DAYS * 86400, int(need_body))).fetchone()
            if row is None:
                return None
            return Page(**json.loads(row[0]), body=None if row[1] is None else zlib.decompress(row[1]), cached=True)
        except (sqlite3.Error, ValueError, TypeError, zlib.error):
            return None

    def put(self, pages: Iterable[Page]) -> None:
        if self.connection is None:
            return
        rows = []
        for page in pages:
            data = asdict(page)
            del data["body"], data["cached"], data["digest"]
            complete = page.body is not None or not _has_body(page)
            body = None if page.body is None else zlib.compress(page.body)
            rows.append((page.url, time.time(), int(complete), json.dumps(data), body))
        try:
            self.connection.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?)", rows)
            self.connection.commit()
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def _has_body(page: Page) -> bool:
    """Whether a GET would give this page a body worth judging."""
    return page.kind == "response" and (page.http_status or 0) < 300 and _textual(page.content_type)
