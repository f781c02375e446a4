"""Link-checking throughput (not a test): links per second against loopback servers that answer every request
after a fixed latency, with the default concurrency against one request at a time.

    PYTHONPATH=src python benchmarks/links.py --links 120 --latency 0.2 --hosts 4 --repeat 3
    PYTHONPATH=src python benchmarks/links.py --clients --links 200 --latency 0   # aiohttp vs httpx (pip install httpx)

Each link is a page to judge (HEAD, then GET for its body: two responses), spread over `--hosts` loopback
addresses (127.0.0.1, 127.0.0.2, …: separate hosts for the per-host limit of 4). No cache. Sequential runs
fetch a quarter as many links (they are slow); the rate is per link all the same. `--clients` times bare GETs
through aiohttp and httpx under the same limits (16 at once, 4 per host): the measurement behind the choice of
client.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from linkserver import LinkServer, html  # noqa: E402

from disclosure_check.links.fetch import Options, fetch_all  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--links", type=int, default=120)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="+", default=[16, 1])
    parser.add_argument("--clients", action="store_true", help="compare aiohttp and httpx instead")
    args = parser.parse_args()
    body = html("学校章程", "学校章程全文" * 200)

    def answer(h) -> None:  # type: ignore[no-untyped-def]
        time.sleep(args.latency)
        h.send(200, body)

    with ExitStack() as stack:
        first = stack.enter_context(LinkServer({}, default=answer))
        port = first.server_address[1]
        for index in range(2, args.hosts + 1):  # the same port on further loopback addresses
            stack.enter_context(LinkServer({}, f"127.0.0.{index}", port, default=answer))
        if args.clients:
            urls = [f"http://127.0.0.{1 + i % args.hosts}:{port}/c/{i}" for i in range(args.links)]
            _clients(urls, args.repeat)
            return
        for jobs in args.jobs:
            count = args.links if jobs > 1 else max(args.hosts, args.links // 4)
            rates = []
            for run in range(args.repeat):
                urls = {f"http://127.0.0.{1 + i % args.hosts}:{port}/r{run}/{jobs}/{i}": True for i in range(count)}
                started = time.perf_counter()
                pages = fetch_all(urls, Options(jobs=jobs))
                elapsed = time.perf_counter() - started
                assert all(p.http_status == 200 and p.body for p in pages.values()), "a fetch failed"
                rates.append(count / elapsed)
            print(f"jobs={jobs:>2} links={count:>4} latency={args.latency:g}s hosts={args.hosts}: "
                  f"{statistics.median(rates):6.1f} links/s (runs: {', '.join(f'{r:.1f}' for r in rates)})")


def _clients(urls: list[str], repeat: int) -> None:
    import asyncio

    import aiohttp

    async def with_aiohttp() -> None:
        slots = asyncio.Semaphore(16)
        connector = aiohttp.TCPConnector(limit=16, limit_per_host=4)
        async with aiohttp.ClientSession(connector=connector) as session:
            async def one(url: str) -> None:
                async with slots, session.get(url) as response:
                    await response.read()
            await asyncio.gather(*map(one, urls))

    async def with_httpx() -> None:
        import httpx

        slots, hosts = asyncio.Semaphore(16), {}  # httpx has no per-host limit: one semaphore per host
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=16)) as client:
            async def one(url: str) -> None:
                host = hosts.setdefault(url.split("/")[2], asyncio.Semaphore(4))
                async with slots, host:
                    (await client.get(url)).read()
            await asyncio.gather(*map(one, urls))

    for name, run in (("aiohttp", with_aiohttp), ("httpx", with_httpx)):
        rates = []
        for _ in range(repeat):
            started = time.perf_counter()
            try:
                asyncio.run(run())
            except ImportError:
                print(f"{name}: not installed")
                break
            rates.append(len(urls) / (time.perf_counter() - started))
        if rates:
            print(f"{name:8} {statistics.median(rates):6.1f} requests/s (runs: {', '.join(f'{r:.1f}' for r in rates)})")


if __name__ == "__main__":
    main()
