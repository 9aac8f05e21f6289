#!/usr/bin/env python3
"""What one act costs in a small body and in a large one with years of history (issue 12 §1).

One ledger holds bodies under the 2023 methodology — by default 40 of 8 servants and one of 3,000 — with
their quarterly years since 2024 (tools/generate_national.py) recorded through `bagalau acts`. Then the
last quarter's acts — per servant the notice, the score, the familiarisation and the feedback meeting, and
for 2 % a calibration session — are recorded, the small
bodies' together and the large body's, each in a `bagalau acts` of its own, on a fresh copy of that
ledger each round (a small body alone would give a process fifteen acts, all of them in its warm-up); every act's
acknowledgement line is timed as it arrives (acts writes each one unbuffered once it is durable), so an
act's cost is the time between two acknowledgements: decided by the rulebook on the body's state and
committed with `synchronous=FULL`. The process's first act (start-up, the body's state folded once) is
reported apart. Medians over all rounds' acts, and the ratio large / small.

    swift build -c release --product bagalau
    python3 tools/acts_benchmark.py --bagalau .build/release/bagalau --rounds 3 --doc docs/performance.md
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from doc_section import write_section  # noqa: E402
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_acts(bagalau, db, path):
    """Runs `bagalau acts`, timing every acknowledgement line; returns the per-act seconds (first apart)."""
    started = time.perf_counter()
    process = subprocess.Popen([bagalau, "acts", "--db", db, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
    stamps = []
    for line in process.stdout:
        if " → seq " in line:
            stamps.append(time.perf_counter())
    errors = process.stderr.read()
    if process.wait() != 0:
        sys.exit(f"acts_benchmark: bagalau acts {path} failed: {errors}")
    first = stamps[0] - started
    return first, [b - a for a, b in zip(stamps, stamps[1:])]


def raw_commits(folder, count=2000):
    """The floor under every act, measured in the same run: milliseconds per one-row transaction of raw SQLite
    (Python's sqlite3, WAL, `synchronous=FULL`, as the ledger commits), each commit timed; the median."""
    import sqlite3
    path = os.path.join(folder, "raw.sqlite")
    for suffix in ["", "-wal", "-shm"]:
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB)")
    times = []
    for n in range(count):
        started = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t (payload) VALUES (?)", (os.urandom(300),))
        db.execute("COMMIT")
        times.append(time.perf_counter() - started)
    db.close()
    return statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bagalau", default=os.path.join(ROOT, ".build", "release", "bagalau"))
    parser.add_argument("--sizes", type=int, nargs=2, default=[8, 3000], help="the small and the large body")
    parser.add_argument("--small-bodies", type=int, default=40, help="how many small bodies")
    parser.add_argument("--years", type=int, nargs="+", default=[2024, 2025, 2026])
    parser.add_argument("--today", default="2026-12-05")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--doc", help="the markdown page to write the figures into (docs/performance.md)")
    args = parser.parse_args()
    small, large = args.sizes
    with tempfile.TemporaryDirectory() as folder:
        everything = os.path.join(folder, "all.jsonl")
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "generate_national.py"), "--sizes", *[str(small)] * args.small_bodies, str(large),
                        "--years", *map(str, args.years), "--today", args.today, "--out", everything], check=True)
        with open(everything) as f:
            lines = f.readlines()
        # The last quarter's acts: every act of the last (year, quarter) generated — notices, scores,
        # familiarisations, calibration sessions, feedback meetings.
        def key(line):
            act = json.loads(line)
            return (act["year"], act["quarter"]) if "quarter" in act and act["act"].startswith("quarterly.") else None
        last = max(k for k in map(key, lines) if k)
        history = [line for line in lines if key(line) != last]
        # Bodies n0000… are the small ones, the last the large one (the generator names them in --sizes order).
        large_body = f"n{args.small_bodies:04d}"
        measured = {size: [line for line in lines if key(line) == last and (json.loads(line)["bodyId"] == large_body) == (size == large)]
                    for size in (small, large)}
        paths = {}
        for name, chosen in [("history", history)] + [(f"body-{size}", acts) for size, acts in measured.items()]:
            paths[name] = os.path.join(folder, f"{name}.jsonl")
            with open(paths[name], "w") as f:
                f.writelines(chosen)
        base = os.path.join(folder, "history.sqlite")
        subprocess.run([args.bagalau, "init", "--db", base], check=True, stdout=subprocess.DEVNULL)
        started = time.perf_counter()
        subprocess.run([args.bagalau, "acts", "--db", base, paths["history"]], check=True, stdout=subprocess.DEVNULL)
        history_seconds = time.perf_counter() - started
        events = json.loads(subprocess.run([args.bagalau, "stats", "--db", base, "--json"], check=True, capture_output=True, text=True).stdout)["events"]
        print(f"history: {len(history)} acts, {events} events, recorded in {history_seconds:.1f} s "
              f"({history_seconds / len(history) * 1000:.2f} ms an act)", file=sys.stderr)
        floors = []
        per_act = {small: [], large: []}
        firsts = {small: [], large: []}
        for round_number in range(1, args.rounds + 1):
            floors.append(raw_commits(folder))
            print(f"round {round_number}: a raw SQLite one-row durable commit, median {floors[-1]:.3f} ms", file=sys.stderr)
            for size in (small, large):
                db = os.path.join(folder, f"round-{round_number}-{size}.sqlite")
                shutil.copyfile(base, db)
                first, times = run_acts(args.bagalau, db, paths[f"body-{size}"])
                per_act[size] += times
                firsts[size].append(first)
                print(f"round {round_number}, {'the body' if size == large else f'{args.small_bodies} bodies'} of {size}: first act {first * 1000:.1f} ms, then median "
                      f"{statistics.median(times) * 1000:.3f} ms over {len(times)} acts", file=sys.stderr)
                os.remove(db)

    def quantile(values, q):
        values = sorted(values)
        return values[min(len(values) - 1, int(len(values) * q))]

    med = {size: statistics.median(per_act[size]) * 1000 for size in (small, large)}
    ratio = med[large] / med[small]
    flat = "met" if ratio <= 1.2 else "**missed**"
    fast = "met" if med[large] <= 0.5 and med[small] <= 0.5 else "**missed**"
    rows = [
        "## What an act costs, by the size of its body (issue 12 §1)",
        "",
        f"Measured by `python3 tools/acts_benchmark.py --bagalau .build/release/bagalau --rounds {args.rounds} --doc docs/performance.md` "
        f"on {platform.machine()}, {os.cpu_count()} cores, Linux {platform.release()}, {time.strftime('%Y-%m-%d')}: one ledger of "
        f"{events} events holding {args.small_bodies} bodies of {small} and a body of {large} servants with their quarterly years "
        f"{args.years[0]}–{args.years[-1]} (`tools/generate_national.py`, recorded through `bagalau acts`: {len(history)} acts in "
        f"{history_seconds:.0f} s); then the last quarter ({last[0]} Q{last[1]}: per servant a notice, a score, a familiarisation and a feedback meeting, and 2 % of them a calibration session) of the "
        f"small bodies together, and of the large body, each in a `bagalau acts` of its own on a fresh copy of the ledger, each act "
        f"timed between two acknowledgements (decided by the rulebook on its body's state, committed with `synchronous=FULL`; a "
        f"small body's first act in the process folds that body); the process's first act apart; {args.rounds} rounds.",
        "",
        f"| per act | bodies of {small} | the body of {large} | large / small | target | |",
        "|---|---|---|---|---|---|",
        f"| median (ms) | {med[small]:.3f} | {med[large]:.3f} | {ratio:.2f} | ≤ 0.5 ms, within 20 % | {fast}; flat: {flat} |",
        f"| p90 (ms) | {quantile(per_act[small], 0.9) * 1000:.3f} | {quantile(per_act[large], 0.9) * 1000:.3f} | | | |",
        f"| acts timed | {len(per_act[small])} | {len(per_act[large])} | | | |",
        f"| the process's first act, median (ms: start-up and the body folded once) | {statistics.median(firsts[small]) * 1000:.1f} | "
        f"{statistics.median(firsts[large]) * 1000:.1f} | | | |",
        "",
        f"The floor in the same run: a one-row durable commit of raw SQLite (Python's `sqlite3`, WAL, `synchronous=FULL`, 2,000 "
        f"commits a round) took {statistics.median(floors):.3f} ms (median of the rounds' medians; {min(floors):.3f}–{max(floors):.3f}); "
        f"an act in the body of {large} costs {med[large] / statistics.median(floors):.1f} of them.",
    ]
    table = "\n".join(rows)
    print(table)
    if args.doc:
        write_section(args.doc, "acts-cost", table)


if __name__ == "__main__":
    main()
