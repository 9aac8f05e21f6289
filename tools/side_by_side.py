#!/usr/bin/env python3
"""Bagalau's ledger beside the Python `eventsourcing` library (issue 12 §4), the same workload shape in one run.

Installs eventsourcing from PyPI into a virtual environment under .build/, then runs, round after round,
both sides on a fresh SQLite file each (WAL, the platform's default durable commits):
  - batch append: 1,000 aggregates (streams) of 100 events, ten aggregates a transaction;
  - one event per transaction: 1,000 single-event appends on the loaded store;
  - full replay: every event read back in order, its payload decoded.
Bagalau's side is tools/StoreBenchmark (release build) on its SQLite store: the salted chain, the Merkle
tree and expected versions included — eventsourcing does none of that hashing. Medians over the rounds,
ratios taken within each round, written into docs/performance.md between the side-by-side markers.

    python3 tools/side_by_side.py --rounds 3 --doc docs/performance.md
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from doc_section import write_section  # noqa: E402
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".build", "eventsourcing")
VERSION = "9.5.6"

PEER = r'''
import json, os, sys, time, uuid
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

class Servant(Aggregate):
    @event("Appointed")
    def __init__(self, body_id, person_id, full_name, position_id, position_title, category, appointed_on):
        self.body_id = body_id
        self.person_id = person_id
        self.full_name = full_name
        self.position_id = position_id
        self.position_title = position_title
        self.category = category
        self.appointed_on = appointed_on

    @event("Moved")
    def move(self, position_id, position_title, category, appointed_on):
        self.position_id = position_id
        self.position_title = position_title
        self.category = category
        self.appointed_on = appointed_on

class Ledger(Application):
    pass

streams, per_stream, batch, singles = (int(a) for a in sys.argv[1:5])
os.environ["PERSISTENCE_MODULE"] = "eventsourcing.sqlite"
os.environ["SQLITE_DBNAME"] = sys.argv[5]
app = Ledger()
title = "Мәслихат аппаратының бас маманы"

started = time.perf_counter()
servants = []
for first in range(0, streams, batch):
    group = []
    for s in range(first, min(streams, first + batch)):
        servant = Servant(f"s{s}", f"person-{s}-0", "Асқар Сейітұлы Омаров", f"pos-{s}-0", title, "E-3", "2016-02-15")
        for n in range(1, per_stream):
            servant.move(f"pos-{s}-{n}", title, "E-3", "2016-02-15")
        group.append(servant)
    app.save(*group)
    servants += group
batch_rate = streams * per_stream / (time.perf_counter() - started)

started = time.perf_counter()
for n in range(singles):
    servant = servants[n % streams]
    servant.move(f"pos-x-{n}", title, "E-3", "2016-02-15")
    app.save(servant)
single_rate = singles / (time.perf_counter() - started)

started = time.perf_counter()
replayed, start = 0, 1
while True:
    page = app.recorder.select_notifications(start=start, limit=1000)
    if not page:
        break
    for notification in page:
        app.mapper.to_domain_event(notification)
        replayed += 1
    start = page[-1].id + 1
replay_rate = replayed / (time.perf_counter() - started)
print(json.dumps({"batch": batch_rate, "single": single_rate, "replay": replay_rate, "events": replayed}))
'''


def venv_python():
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    probe = subprocess.run([python, "-c", "import eventsourcing, importlib.metadata as m; print(m.version('eventsourcing'))"],
                           capture_output=True, text=True)
    if probe.returncode != 0 or probe.stdout.strip() != VERSION:
        subprocess.run([python, "-m", "pip", "install", "--quiet", f"eventsourcing=={VERSION}"], check=True)
    return python


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--per-stream", type=int, default=100)
    parser.add_argument("--singles", type=int, default=1000)
    parser.add_argument("--benchmark", default=os.path.join(ROOT, ".build", "release", "StoreBenchmark"),
                        help="the StoreBenchmark binary (swift build -c release --product StoreBenchmark)")
    parser.add_argument("--doc", help="the markdown page to write the table into (docs/performance.md)")
    args = parser.parse_args()
    if not os.path.exists(args.benchmark):
        sys.exit(f"side_by_side: {args.benchmark} is missing: run `swift build -c release --product StoreBenchmark` first")
    python = venv_python()
    rounds = []
    for round_number in range(1, args.rounds + 1):
        with tempfile.TemporaryDirectory() as folder:
            figures_file = os.path.join(folder, "bagalau.json")
            subprocess.run([args.benchmark, "--streams", str(args.streams), "--per-stream", str(args.per_stream),
                            "--batch-streams", "10", "--singles", str(args.singles), "--rounds", "1", "--json", figures_file],
                           check=True, stdout=subprocess.DEVNULL)
            with open(figures_file) as f:
                ours = json.load(f)["SQLite"][0]
            peer_run = subprocess.run([python, "-c", PEER, str(args.streams), str(args.per_stream), "10", str(args.singles),
                                       os.path.join(folder, "peer.sqlite")], check=True, capture_output=True, text=True)
            peer = json.loads(peer_run.stdout)
        expected = args.streams * args.per_stream + args.singles
        if peer["events"] != expected:
            sys.exit(f"side_by_side: the peer replayed {peer['events']} events, not {expected}")
        rounds.append({"ours": ours, "peer": peer})
        print(f"round {round_number}: " + ", ".join(
            f"{k} {ours[k]:.0f}/s vs {peer[k]:.0f}/s ({ours[k] / peer[k]:.2f}x)" for k in ("batch", "single", "replay")), file=sys.stderr)

    def median(side, key):
        return statistics.median(r[side][key] for r in rounds)

    def ratios(key):
        values = sorted(r["ours"][key] / r["peer"][key] for r in rounds)
        return statistics.median(values), values[0], values[-1]

    targets = {"batch": 5, "single": 5, "replay": 20}
    names = {"batch": "batch append (10 streams × 100 events a transaction)", "single": "one event per transaction",
             "replay": "full replay, payloads decoded"}
    lines = [
        "## Side by side with Python's `eventsourcing`",
        "",
        f"Measured by `python3 tools/side_by_side.py --rounds {args.rounds} --doc docs/performance.md` on "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Linux {platform.release()}, "
        f"{time.strftime('%Y-%m-%d')}: eventsourcing {VERSION} (SQLite, WAL) and Bagalau's SQLite store "
        f"(`tools/StoreBenchmark`, release build, `synchronous=FULL`), each on a fresh file in every round, "
        f"{args.streams} streams × {args.per_stream} events then {args.singles} single appends; the ratio is "
        "taken within each round (both sides ran back to back), medians with the range between rounds.",
        "",
        "| what | Bagalau (events/s) | eventsourcing (events/s) | ratio (range) | target | |",
        "|---|---|---|---|---|---|",
    ]
    for key in ("batch", "single", "replay"):
        ratio, low, high = ratios(key)
        status = "met" if ratio >= targets[key] else "**missed**"
        lines.append(f"| {names[key]} | {median('ours', key):.0f} | {median('peer', key):.0f} | "
                     f"{ratio:.2f} ({low:.2f}–{high:.2f}) | ≥ {targets[key]}× | {status} |")
    table = "\n".join(lines)
    print(table)
    if args.doc:
        write_section(args.doc, "side-by-side", table)


if __name__ == "__main__":
    main()
