"""Availability under attack: hostile requests and slow clients against a real gunicorn.

gunicorn runs with the shipped configuration (web/gunicorn.conf.py) over the Reuters-21578
index (built once under bench/out/, as bench/web.py does). For each attack the table gives the
attack request alone (its own wall time and status: on a quiet machine about its CPU cost),
then the same attack sent ``--copies`` times at once while /healthz is probed every 0.25 s:
the slowest /healthz answer during the attack (target: under 2 s) and the slowest attack
request. Slow clients hold their connections for ``--hold`` seconds; their own time is how
long the server kept the connection open (the attack's cost to it).

    .venv/bin/python -m bench.hostile [--index DIR] [--copies 8] [--hold 8] [--only NAME]
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import product
from pathlib import Path
from string import ascii_uppercase
from urllib.parse import quote, urlencode

from bench import web as bench_web

PROJECT = Path(__file__).resolve().parents[1]

PATIENCE = 60.0  # seconds a probe or attack request waits before it counts as unanswered
LONG_WORD = ("internationalisation" * 6)[:118]  # a real first letter: fuzzy matching works on it
COUNTRIES = "US GB JP DE FR BR CA AU IT ES NL BE CH SE NO DK FI AT IE NZ".split()
PHRASES = [
    "the company", "said it", "of the", "in the", "to the", "for the", "on the", "the year",
    "the bank", "the dollar", "per cent", "last year", "the first", "a share", "the market",
    "the government", "oil prices", "interest rates", "the trade", "the us", "said the",
    "will be", "has been", "it said", "the end", "at the", "from the", "with the", "by the",
    "the board", "the offer", "the stock",
]  # fmt: skip


def api(query: str, **params: str) -> str:
    return "/api/search?" + urlencode({"q": query, **params})


HOSTILE_REQUESTS = {
    "wildcard: in + 60 * + q": api("in" + "*" * 60 + "q"),
    "wildcard: 4 stars, 20 pieces": api("in" + "*a?" * 4 + "q"),
    "fuzzy: 8 words of 118 letters (API)": api(" ".join(f"{LONG_WORD}{i}~" for i in range(8))),
    "fuzzy: 8 words of 118 letters (page)": "/search?q="
    + quote(" ".join(f"{LONG_WORD}{i}~" for i in range(8))),
    "32 phrases OR-ed, mentions >= 2": api(
        " OR ".join(f'"{p}"' for p in PHRASES), min_mentions="2"
    ),
    "660 distinct country= values (page)": "/search?q=oil&"
    + "&".join(f"country={a}{b}" for a, b in list(product(ascii_uppercase, repeat=2))[:660]),
    "20 country= values (page, the cap)": "/search?q=oil&"
    + "&".join(f"country={c}" for c in COUNTRIES),
    "proximity of 16 stop words, ~10000 (API)": api(
        '"the of and to a in said for on it is was that by with at"~10000'
    ),
    "8 proximity phrases OR-ed (API)": api(" OR ".join(f'"{p}"~50' for p in PHRASES[:8])),
    "15 common words and 8 misspelled (API)": api(
        "the said company prices market oil trade year bank government rate share stock sales "
        "exports cofee gvernment marketz pricez tradde currecy exporrts slaes"
    ),
    "300 leading ! (API)": api("!" * 300 + "oil"),
    "NOT chain of 500 (API)": api("NOT " * 500 + "oil"),
    "export of every article (CSV)": "/export.csv?q=*",
}


@dataclass
class Row:
    name: str
    alone: str
    healthz_worst: float
    attack_worst: str


def timed_get(base: str, path: str) -> tuple[float, str]:
    """Return (seconds, status) of one GET; a timeout or a dropped connection is its status."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=PATIENCE) as response:
            response.read()
            status = str(response.status)
    except urllib.error.HTTPError as error:
        status = str(error.code)
    except OSError as error:
        status = type(error).__name__
    return time.perf_counter() - started, status


def probe_healthz(base: str, stop: threading.Event) -> list[float]:
    """Time /healthz every 0.25 s until ``stop``; an unanswered probe counts as PATIENCE."""
    times = []
    while not stop.is_set():
        seconds, status = timed_get(base, "/healthz")
        times.append(seconds if status == "200" else PATIENCE)
        stop.wait(0.25)
    return times


def during_attack(base: str, attack: Callable[[], list[str]]) -> tuple[float, list[str]]:
    """Run ``attack`` while probing /healthz; return the worst probe and the attack's results."""
    stop = threading.Event()
    with ThreadPoolExecutor(1) as prober:
        probes = prober.submit(probe_healthz, base, stop)
        time.sleep(0.3)  # a first probe before the attack, then probes during it
        results = attack()
        stop.set()
        return max(probes.result()), results


def distinct(path: str, copy: int) -> str:
    """Return ``path`` made unlike any other copy (an upper date bound far in the future), so no
    cache answers it: the same matches and the same work."""
    return f"{path}&to=2{copy:03d}-01-01"


def request_attack(base: str, path: str, copies: int) -> Callable[[], list[str]]:
    def attack() -> list[str]:
        with ThreadPoolExecutor(copies) as pool:
            answers = list(pool.map(lambda i: timed_get(base, distinct(path, i)), range(copies)))
        worst = max(answers)
        return [f"{worst[0]:.2f} s ({worst[1]})"]

    return attack


def slow_client_attack(port: int, payload: bytes, copies: int, hold: float) -> Callable:
    """Clients that send ``payload`` and then neither send more nor read for ``hold`` seconds."""

    def one() -> float:
        started = time.perf_counter()
        with socket.create_connection(("127.0.0.1", port), timeout=PATIENCE) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.sendall(payload)
            sock.settimeout(0.2)
            while time.perf_counter() - started < hold:
                try:
                    if sock.recv(1, socket.MSG_PEEK) == b"":
                        break  # the server closed it
                except TimeoutError:
                    continue
                time.sleep(0.2)  # data waiting, unread: a client not reading
        return time.perf_counter() - started

    def attack() -> list[str]:
        with ThreadPoolExecutor(copies) as pool:
            held = list(pool.map(lambda _: one(), range(copies)))
        return [f"held {max(held):.1f} s"]

    return attack


def run_cases(base: str, port: int, args: argparse.Namespace) -> list[Row]:
    rows = []
    for name, path in HOSTILE_REQUESTS.items():
        if args.only and args.only not in name:
            continue
        seconds, status = timed_get(base, path)
        worst, results = during_attack(base, request_attack(base, path, args.copies))
        rows.append(Row(name, f"{seconds:.2f} s ({status})", worst, results[0]))
        print(rows[-1], file=sys.stderr)
    slow = {
        "half a request line": b"GET /search?q=oil HTTP/1.1\r\nHost: 127.0.0.1",
        "not reading an export": b"GET /export.csv?q=* HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    }
    for name, payload in slow.items():
        label = f"{args.slow_copies} slow clients: {name}"
        if args.only and args.only not in label:
            continue
        attack = slow_client_attack(port, payload, args.slow_copies, args.hold)
        worst, results = during_attack(base, attack)
        rows.append(Row(label, "-", worst, results[0]))
        print(rows[-1], file=sys.stderr)
    return rows


def print_table(rows: list[Row], copies: int) -> None:
    print(f"| attack | alone | /healthz worst during {copies} at once | attack worst |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        flag = "" if row.healthz_worst < 2 else " **over 2 s**"
        print(
            f"| {row.name} | {row.alone} | {row.healthz_worst:.2f} s{flag} | {row.attack_worst} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, default=bench_web.INDEX)
    parser.add_argument("--copies", type=int, default=8, help="attack requests sent at once")
    parser.add_argument("--slow-copies", type=int, default=16, help="slow clients at once")
    parser.add_argument("--hold", type=float, default=8.0, help="seconds a slow client holds")
    parser.add_argument("--only", help="run only the attacks whose name contains this")
    args = parser.parse_args()
    bench_web.ensure_index(args.index)
    port = bench_web.free_port()
    server = bench_web.start_server(args.index, port, {})
    try:
        rows = run_cases(f"http://127.0.0.1:{port}", port, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print_table(rows, args.copies)


if __name__ == "__main__":
    main()
