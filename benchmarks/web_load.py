"""The web ledger under load: 20 clients, 2,000 requests over the real pages while articles are ingested.

    .venv/bin/python benchmarks/web_load.py [--db LEDGER] [--articles 40] [--clients 20] [--requests 2000] [--cost]

Without ``--db`` a ledger is built first from PolNeAR dev articles (../shared/data/polnear, ``claimledger
ingest`` into a temporary SQLite file); a ``--db`` SQLite file is copied, so the ingests leave it as it was.
``claimledger serve`` then runs on 127.0.0.1 in a subprocess, with a token, and the clients (httpx, no pause
between requests) ask for the pages a reader visits: the claims list with its sorts, filters and pages,
claims, the articles list and articles, actors, the JSON twins and searches — while one client posts PolNeAR
train articles to ``POST /api/ingest``, one after another, ``--ingests`` times. Prints count, errors,
timeouts and p50/p95/p99/max latency per endpoint and overall (the ingests apart: each takes seconds), and
exits 1 on any error or timeout, or when the overall p95 of the page requests is 500 ms or more.

``--cost`` measures what each page costs the server instead, apart from the machine's load: the same requests
sent one at a time (no ingest, no rate limit), and the server's CPU time (all its threads, from
``/proc/PID/task/*/schedstat``) read around each; prints CPU ms a request per endpoint.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import httpx

POLNEAR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear"
BUDGET_MS = 500.0
QUANTILES = ("p50", "p95", "p99", "max ms")
CLI = [sys.executable, "-c", "from claimledger.cli import main; main()"]  # `claimledger …` of this interpreter
Request = tuple[str, str]  # (endpoint, path and query)


def build_ledger(db: Path, count: int) -> None:
    """``claimledger ingest`` of the first ``count`` PolNeAR dev articles (by name) into ``db``."""
    texts = sorted((POLNEAR / "dev" / "text").glob("*.txt"))[:count]
    if not texts:
        sys.exit(f"no PolNeAR articles under {POLNEAR}/dev/text: the benchmark needs ../shared/data")
    print(f"building a ledger of {len(texts)} PolNeAR dev articles in {db} …", flush=True)
    started = time.perf_counter()
    command = [*CLI, "ingest", *map(str, texts), "--db", str(db), "--workers", "2"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_ns(pid: int) -> int:
    """CPU time a process's threads have run so far, in nanoseconds (finer than :func:`cpu_seconds`' ticks)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):  # a thread that ended meanwhile
            continue
    return total


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int, token: str, settings: dict[str, str]) -> subprocess.Popen[bytes]:
    env = os.environ | {"CLAIMLEDGER_WEB_TOKEN": token} | settings
    command = [*CLI, "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"claimledger serve exited with {server.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/favicon.ico", timeout=1).status_code == 204:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("claimledger serve did not answer within 60 s")


def requests_for(base: str, total: int, rng: random.Random) -> list[Request]:
    """``total`` requests drawn over the pages, with ids, words and names taken from the ledger itself."""
    listing = httpx.get(f"{base}/claims.json", params={"limit": 200}, timeout=30).json()
    claims = [c["id"] for c in listing["claims"]]
    words = sorted({w for c in listing["claims"] for w in c["text"].split() if len(w) > 6 and w.isalpha()})
    articles = [
        a["id"] for a in httpx.get(f"{base}/articles.json", params={"limit": 200}, timeout=30).json()["articles"]
    ]
    actors = [a["name"] for a in httpx.get(f"{base}/actors.json", timeout=30).json()["actors"]][:30]
    pages = max(1, listing["pages"])
    sorts = ("origins", "articles", "recent")
    draws: list[tuple[int, Callable[[], Request]]] = [
        (2, lambda: ("/", "/")),
        (10, lambda: ("/claims", f"/claims?sort={rng.choice(sorts)}&page={rng.randint(1, min(pages, 3))}")),
        (6, lambda: ("/claims.json", f"/claims.json?sort={rng.choice(sorts)}&page={rng.randint(1, pages)}")),
        (3, lambda: ("/claims?min_origins", f"/claims?min_origins={rng.randint(1, 3)}")),
        (12, lambda: ("/claims/{id}", f"/claims/{rng.choice(claims)}")),
        (6, lambda: ("/claims/{id}.json", f"/claims/{rng.choice(claims)}.json")),
        (6, lambda: ("/articles", f"/articles?page={rng.randint(1, 2)}&limit=25")),
        (3, lambda: ("/articles.json", "/articles.json")),
        (10, lambda: ("/articles/{id}", f"/articles/{rng.choice(articles)}")),
        (5, lambda: ("/articles/{id}.json", f"/articles/{rng.choice(articles)}.json")),
        (5, lambda: ("/actors", "/actors")),
        (3, lambda: ("/actors.json", f"/actors.json?page={rng.randint(1, 3)}")),
        (3, lambda: ("search /claims?q", f"/claims?q={rng.choice(words)}")),
        (2, lambda: ("search /claims.json?q", f"/claims.json?q={rng.choice(words)}")),
        (2, lambda: ("search /claims?actor", f"/claims?actor={rng.choice(actors)}")),
    ]
    weights = [w for w, _ in draws]
    return [rng.choices(draws, weights)[0][1]() for _ in range(total)]


async def read_load(base: str, todo: list[Request], clients: int, timeout: float) -> dict[str, list[float | str]]:
    """Every request of ``todo``, ``clients`` at a time; endpoint → latencies in ms (or the failure's name)."""
    results: dict[str, list[float | str]] = defaultdict(list)
    queue = list(reversed(todo))

    async def client(http: httpx.AsyncClient) -> None:
        while queue:
            endpoint, path = queue.pop()
            started = time.perf_counter()
            try:
                response = await http.get(path)
                ok = response.status_code == 200
                results[endpoint].append(
                    (time.perf_counter() - started) * 1000 if ok else f"HTTP {response.status_code}"
                )
            except httpx.TimeoutException:
                results[endpoint].append("timeout")
            except httpx.HTTPError as exc:
                results[endpoint].append(type(exc).__name__)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits, follow_redirects=True) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    return results


async def ingest_load(base: str, token: str, texts: list[Path], done: asyncio.Event) -> list[float | str]:
    """Post each text to ``/api/ingest`` in turn until the reads are done; latencies in ms or failures."""
    out: list[float | str] = []
    async with httpx.AsyncClient(base_url=base, timeout=300, headers={"Authorization": f"Bearer {token}"}) as http:
        for text in texts:
            if done.is_set():
                break
            started = time.perf_counter()
            try:
                response = await http.post("/api/ingest", data={"text": text.read_text(encoding="utf-8")})
                ok = response.status_code == 200 and response.json()["new"] == 1
                out.append((time.perf_counter() - started) * 1000 if ok else f"HTTP {response.status_code}")
            except httpx.HTTPError as exc:
                out.append(type(exc).__name__)
    return out


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def row(name: str, outcomes: list[float | str]) -> tuple[str, list[float], int, int]:
    times = [v for v in outcomes if isinstance(v, float)]
    timeouts = sum(v == "timeout" for v in outcomes)
    errors = len(outcomes) - len(times) - timeouts
    figures = (
        " ".join(f"{quantile(times, q):7.0f}" for q in (0.5, 0.95, 0.99)) + f" {max(times):7.0f}"
        if times
        else "      —" * 4
    )
    print(f"{name:26} {len(outcomes):6} {errors:6} {timeouts:8}  {figures}")
    return name, times, errors, timeouts


async def run(base: str, token: str, server: int, args: argparse.Namespace) -> int:
    rng = random.Random(20)
    todo = requests_for(base, args.requests, rng)
    texts = sorted((POLNEAR / "train" / "text").glob("*.txt"))
    rng.shuffle(texts)
    done = asyncio.Event()
    ingests = asyncio.create_task(ingest_load(base, token, texts[: args.ingests], done))
    await asyncio.sleep(0.5)  # the first ingest is running when the reads start
    started, cpu = time.perf_counter(), cpu_seconds(server)
    reads = await read_load(base, todo, args.clients, args.timeout)
    elapsed, cpu = time.perf_counter() - started, cpu_seconds(server) - cpu
    done.set()
    ingested = await ingests
    print(f"\n{args.requests} requests by {args.clients} clients in {elapsed:.1f} s "
          f"({args.requests / elapsed:.0f} requests/s), while {len(ingested)} ingests ran; the server used "
          f"{cpu:.1f} CPU s ({cpu / args.requests * 1000:.1f} ms a request, ingests included); load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")  # fmt: skip
    print(
        f"{'endpoint':26} {'count':>6} {'errors':>6} {'timeouts':>8}  {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7} (ms)"
    )
    for endpoint in sorted(reads):
        row(endpoint, reads[endpoint])
    _, times, errors, timeouts = row("all pages", [v for outcomes in reads.values() for v in outcomes])
    _, _, ingest_errors, _ = row("POST /api/ingest", ingested)
    failures = Counter(f"{name}: {v}" for name, outcomes in [*reads.items(), ("POST /api/ingest", ingested)]
                       for v in outcomes if isinstance(v, str))  # fmt: skip
    for failure, count in failures.most_common():
        print(f"  {count} × {failure}")
    p95 = quantile(times, 0.95) if times else float("inf")
    failed = errors + timeouts + ingest_errors
    verdict = "ok" if not failed and p95 < BUDGET_MS else "FAILED"
    print(f"\noverall p95 {p95:.0f} ms (budget < {BUDGET_MS:.0f} ms); {failed} errors or timeouts: {verdict}")
    return 0 if verdict == "ok" else 1


def cost(base: str, server: int, args: argparse.Namespace) -> int:
    """``--cost``: the requests one at a time, each endpoint's mean server CPU (ms); 1 on any failure."""
    todo = requests_for(base, args.requests, random.Random(20))
    spent: dict[str, list[int]] = defaultdict(list)
    failed = 0
    with httpx.Client(base_url=base, timeout=args.timeout) as http:
        for _, path in todo[:100]:  # warm: the recently read articles, SQLite's cache
            http.get(path)
        for endpoint, path in [("(favicon.ico: the floor)", "/favicon.ico")] * 200 + todo:
            before = cpu_ns(server)
            response = http.get(path, follow_redirects=True)
            spent[endpoint].append(cpu_ns(server) - before)
            failed += response.status_code not in (200, 204)
    load = f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    print(f"\n{args.requests} requests one at a time (server CPU: all its threads); {load}\n")
    print(f"{'endpoint':26} {'count':>6} {'CPU ms a request':>17}")
    for endpoint in sorted(spent):
        print(f"{endpoint:26} {len(spent[endpoint]):6} {sum(spent[endpoint]) / len(spent[endpoint]) / 1e6:17.2f}")
    pages = [ns for endpoint, values in spent.items() if not endpoint.startswith("(") for ns in values]
    print(f"{'all pages':26} {len(pages):6} {sum(pages) / len(pages) / 1e6:17.2f}\n{failed} failures")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a ledger to serve (default: build one from PolNeAR dev)")
    parser.add_argument("--articles", type=int, default=40, help="PolNeAR dev articles in the built ledger")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--ingests", type=int, default=5, help="articles posted to /api/ingest during the load")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a request counts as timed out")
    parser.add_argument("--cost", action="store_true", help="the server's CPU per request, requests one at a time")
    args = parser.parse_args()
    db = Path(tempfile.mkdtemp(prefix="claimledger-load-")) / "ledger.db"
    if args.db is None:
        build_ledger(db, args.articles)
    else:
        with sqlite3.connect(args.db) as given, sqlite3.connect(db) as copy:
            given.backup(copy)
    token, port = secrets.token_urlsafe(16), free_port()
    server = start_server(db, port, token, {"CLAIMLEDGER_SEARCH_PER_MINUTE": "0"} if args.cost else {})
    try:
        if args.cost:
            return cost(f"http://127.0.0.1:{port}", server.pid, args)
        return asyncio.run(run(f"http://127.0.0.1:{port}", token, server.pid, args))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
