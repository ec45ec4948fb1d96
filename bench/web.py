"""Web benchmark: gunicorn (web/gunicorn.conf.py) serving the Reuters-21578 index under load.

20 client threads send a fixed, seeded mix of /search (HTML) and /api/search requests with
facets, sorting and paging over keep-alive connections; each table gives throughput, latency
percentiles and errors per route: a first pass, the same pass again (answered from the
per-worker caches), a pass of all-distinct requests (each one a cache miss, so nothing is
answered from memory), one client alone (service time), and a pass while a copy of the index
is published several times (what a rebuild's final step does). It prints the load average
before and after and the workers' resident memory. ``--rebuild`` instead runs a real
``newsarchive rebuild`` into the served index folder and keeps the load going until it has
swapped the new index in.

    .venv/bin/python -m bench.web [--requests 2000] [--clients 20] [--swaps 5] [--rebuild]
        [--workers N]   (default: web/gunicorn.conf.py's sizing)
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

from bench.corpora import REUTERS
from indexer import store

PROJECT = Path(__file__).resolve().parents[1]

CORPUS = REUTERS
INDEX = PROJECT / "bench" / "out" / "reuters-index"
QUERIES = [
    "oil", "coffee", "wheat", "gold", "dollar", "interest rates", "crude oil prices", "opec",
    "trade deficit", "bank", "grain exports", "sugar", "soybeans", "money supply", "merger",
    "acquisition", "dividend", "earnings per share", "yen", "bundesbank", "tin", "copper",
    "\"stock split\"", "oil OR gas", "japan -tokyo", "cocoa", "shipping strike", "inflation",
    "federal reserve", "takeover bid", "cofee", "petroleum", "corn", "loans", "tariffs",
]  # fmt: skip
FACETS = [
    {}, {}, {}, {"country": ["US"]}, {"country": ["JP"]}, {"country": ["US", "GB"]},
    {"topic": ["economy-business-finance"]}, {"region": ["europe"]}, {"sort": ["date"]},
    {"page": ["2"]}, {"from": ["1987-03-01"], "to": ["1987-03-31"]},
]  # fmt: skip


def ensure_index(index: Path) -> None:
    """Build the Reuters index with ``newsarchive rebuild`` unless it is already there."""
    if store.current_generation(index) is not None:
        return
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found: {CORPUS}")
    print(f"building {index} from {CORPUS} (once; cached under bench/out/) ...", file=sys.stderr)
    subprocess.run(rebuild_command(index), check=True, cwd=PROJECT)


def rebuild_command(index: Path) -> list[str]:
    cli = Path(sys.executable).parent / "newsarchive"
    return [str(cli), "--index", str(index), "rebuild", "--corpus", str(CORPUS)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(index: Path, port: int, sizing: dict[str, str]) -> subprocess.Popen:
    """Start gunicorn with the project's config; return once /healthz answers 200."""
    command = [sys.executable, "-m", "gunicorn", "-c", "web/gunicorn.conf.py", "web.wsgi:app"]
    command += ["--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"]
    env = {**os.environ, "NEWSARCHIVE_INDEX": str(index), **sizing}
    server = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get_json(port, "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not become healthy")


def get_json(port: int, path: str) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        connection.close()


def workload(count: int, seed: int = 1987, distinct: bool = False) -> list[tuple[str, str]]:
    """Return (route, path) pairs: half HTML pages, half API calls, mixed queries and facets.

    With ``distinct`` every request gets its own date bound outside the corpus (an upper one
    after 1987, or a lower one before 1970; different for every seed): the same matches and
    work, but no two requests are the same, so no cache can answer any of them.
    """
    rng = random.Random(seed)
    requests = []
    for i in range(count):
        route = "/search" if i % 2 == 0 else "/api/search"
        params = {"q": [rng.choice(QUERIES)], **rng.choice(FACETS)}
        if distinct and "to" in params:  # from a day before the corpus began instead
            params["from"] = [(date(1970, 1, 1) - timedelta(days=seed * count + i)).isoformat()]
        elif distinct:
            params["to"] = [(date(1988, 1, 1) + timedelta(days=seed * count + i)).isoformat()]
        requests.append((route, f"{route}?{urlencode(params, doseq=True)}"))
    return requests


def run_load(port: int, requests: list[tuple[str, str]], clients: int) -> tuple[dict, float]:
    """Send the requests from ``clients`` threads; return per-route samples and wall time."""
    samples: dict[str, list[tuple[float, bool]]] = {}
    lock = threading.Lock()
    queue = list(reversed(requests))

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                if not queue:
                    break
                route, path = queue.pop()
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                ok = response.status == 200 and len(body) > 0
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                samples.setdefault(route, []).append((elapsed, ok))
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - started


def swap_copies(index: Path, times: int, interval: float, stop: threading.Event) -> int:
    """Publish a copy of the live generation ``times`` times, as a rebuild's swap does."""
    done = 0
    while done < times and not stop.wait(interval):
        with store.writer_lock(index):
            live = store.current_generation(index)
            building = store.start_generation(index)
            building = building.rename(building.with_name(f"{building.name}-{done}"))
            shutil.copytree(live, building, dirs_exist_ok=True)
            store.publish_generation(index, building)
        done += 1
    return done


def worker_memory(server: subprocess.Popen) -> str:
    """Return each gunicorn worker's RSS and PSS from /proc.

    RSS counts a page of the index files once per mapping (every thread's searcher maps them),
    so it overstates; PSS counts each page once, shared pages split between processes.
    """
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
            if fields.get("PPid", "").strip() != str(server.pid):
                continue
            rollup = (status.parent / "smaps_rollup").read_text()
        except (OSError, ValueError):
            continue
        pss = next((line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:")), 0)
        sizes.append((int(fields["VmRSS"].split()[0]) // 1024, int(pss) // 1024))
    return ", ".join(f"RSS {rss} / PSS {pss} MB" for rss, pss in sorted(sizes)) or "unknown"


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def print_table(samples: dict, wall: float, title: str) -> None:
    print(f"\n{title}")
    print("| route | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    everything = [s for route in samples.values() for s in route]
    for route, rows in [*sorted(samples.items()), ("all", everything)]:
        times = [t for t, _ in rows]
        errors = sum(not ok for _, ok in rows)
        print(f"| {route} | {len(rows)} | {errors} | {len(rows) / wall:.1f} | "
              f"{statistics.median(times):.1f} | {percentile(times, 0.95):.1f} | "
              f"{percentile(times, 0.99):.1f} | {max(times):.1f} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=INDEX)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--swaps", type=int, default=5, help="index swaps in the swap round")
    parser.add_argument("--rebuild", action="store_true", help="only: load during a rebuild")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: its config)")
    args = parser.parse_args()
    ensure_index(args.index)
    sizing = {"NEWSARCHIVE_WORKERS": str(args.workers)} if args.workers else {}
    port = free_port()
    server = start_server(args.index, port, sizing)
    print(f"load average (1, 5, 15 min) at the start: {load_average()}; nproc {os.cpu_count()}; "
          f"gunicorn sizing {sizing or 'from web/gunicorn.conf.py'}")  # fmt: skip
    try:
        before = get_json(port, "/healthz")[1]
        run_load(port, workload(100, seed=1), args.clients)  # every worker opens the index
        if args.rebuild:
            rebuild_under_load(args, port)
        else:
            rounds(args, port, server)
        after = get_json(port, "/healthz")[1]
        print(f"\nload average at the end: {load_average()}; workers: {worker_memory(server)}")
        print(f"articles {before['articles']} -> {after['articles']}; "
              f"generation {before['generation']} -> {after['generation']}")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)


def rounds(args: argparse.Namespace, port: int, server: subprocess.Popen) -> None:
    """First pass (results not cached yet), the same pass again (cached), one client, swaps."""
    mix = workload(args.requests)
    title = f"{args.requests} requests, {args.clients} clients"
    print_table(*run_load(port, mix, args.clients), f"{title}, first pass")
    print_table(*run_load(port, mix, args.clients), f"{title}, same requests again (cached)")
    distinct = workload(args.requests, seed=11, distinct=True)
    print_table(*run_load(port, distinct, args.clients), f"{title}, all distinct (no cache hit)")
    single = workload(200, seed=7, distinct=True)
    print_table(*run_load(port, single, 1), "200 distinct requests, 1 client (uncached)")
    print(f"\nworkers before the swaps: {worker_memory(server)}")
    done: list[int] = []
    swapper = threading.Thread(
        target=lambda: done.append(swap_copies(args.index, args.swaps, 3.0, threading.Event()))
    )
    swapper.start()
    samples, wall, count = load_until(port, args, lambda: not swapper.is_alive(), first_seed=3)
    swapper.join()
    print_table(
        samples, wall, f"{count} x {title} while the index is swapped {done[0]} times, 3 s apart"
    )


def load_until(
    port: int, args: argparse.Namespace, finished: Callable[[], bool], first_seed: int = 0
) -> tuple[dict[str, list], float, int]:
    """Send rounds of requests until ``finished()`` holds, then one more; merged samples."""
    merged: dict[str, list] = {}
    wall, count = 0.0, 0
    while True:
        done = finished()
        mix = workload(args.requests, seed=first_seed + count)
        samples, elapsed = run_load(port, mix, args.clients)
        for route, rows in samples.items():
            merged.setdefault(route, []).extend(rows)
        wall, count = wall + elapsed, count + 1
        if done:  # a full round after the event
            return merged, wall, count


def rebuild_under_load(args: argparse.Namespace, port: int) -> None:
    """Keep the load going in rounds until a real rebuild has swapped its index in."""
    rebuild = subprocess.Popen(
        rebuild_command(args.index), cwd=PROJECT, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    merged, wall, rounds = load_until(port, args, lambda: rebuild.poll() is not None)
    print(f"rebuild exit status {rebuild.returncode}; {rounds} rounds of load")
    print_table(merged, wall, f"during a rebuild: {rounds} x {args.requests} requests")


if __name__ == "__main__":
    main()
