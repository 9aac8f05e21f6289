#!/usr/bin/env python3
"""The national run (issue 12 §3): a country's quarterly years recorded through the act path, every read
model rebuilt from the log, and every CLI read timed on it — figures, memory and file sizes.

    python3 tools/generate_national.py --servants 100000 --bodies 2000 --years 2024 2025 2026 --out national.jsonl
    swift build -c release --product bagalau
    python3 tools/national_benchmark.py --bagalau .build/release/bagalau --ledger national.sqlite \\
        --record national.jsonl --runs 5 --doc docs/performance.md

With --record, the ledger is created and the acts recorded first (`bagalau acts`, each act decided by the
rulebook and committed with synchronous=FULL); without it, an existing ledger is measured. Every command is
a process of its own, timed by wall clock with its peak memory (`/usr/bin/time`); reads are run --runs times
and their medians reported, beside the start of a process that does nothing (`bagalau --help`) measured in
the same run. A benchmark run by hand, not part of CI (CI records the generator's output at a small size).
"""
import argparse
import http.client
import json
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_api import post, totp  # noqa: E402
from doc_section import write_section  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(command, check=True):
    """Runs `command`: (wall seconds, peak resident MB, peak anonymous MB, stdout), the peaks sampled from
    /proc every 10 ms (VmHWM, RssAnon). The resident set counts the pages of the ledger file that SQLite
    maps into memory (up to 1 GiB), which the kernel may drop at will; the anonymous part is the process's own."""
    with tempfile.TemporaryFile(mode="w+") as out, tempfile.TemporaryFile(mode="w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        peaks = {"RssAnon:": 0, "VmHWM:": 0}
        done = threading.Event()

        def sample():
            while not done.is_set():
                try:
                    with open(f"/proc/{process.pid}/status") as status:
                        for line in status:
                            if line.split(maxsplit=1)[0] in peaks:
                                peaks[line.split()[0]] = max(peaks[line.split()[0]], int(line.split()[1]))
                except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
                    pass
                done.wait(0.01)

        sampler = threading.Thread(target=sample)
        sampler.start()
        process.wait()
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        anon_kb, peak_kb = peaks["RssAnon:"], peaks["VmHWM:"]
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if check and process.returncode != 0:
        sys.exit(f"national_benchmark: {' '.join(command[:3])} … failed ({process.returncode}): {stderr.strip()}")
    return wall, peak_kb / 1024, anon_kb / 1024, stdout


class Session:
    """One signed-in person's kept-alive connection to the server."""

    def __init__(self, base, cookie):
        address = urllib.parse.urlparse(base)
        self.connection = http.client.HTTPConnection(address.hostname, address.port)
        self.cookie = cookie

    def get(self, path):
        """(milliseconds, status, body) of one GET."""
        started = time.perf_counter()
        self.connection.request("GET", path, headers={"Cookie": self.cookie})
        response = self.connection.getresponse()
        body = response.read()
        return 1000 * (time.perf_counter() - started), response.status, body


def signed_in(base, accounts, name, path):
    """Signs `name` in with what `accounts` keeps of them (a first sign-in chooses a password of their own, kept
    in the accounts file beside the ledger for the next run): (session cookie, CSRF token)."""
    account = accounts[name]
    body = {"person": account["person"], "password": account["password"]}
    if account.get("secret"):
        body["code"] = totp(account["secret"], time.time())
    status, answer, headers = post(base, "/sign-in", body)
    if status != 200:
        sys.exit(f"national_benchmark: {account['person']} cannot sign in: {answer}")
    cookie, csrf = headers.get("Set-Cookie").split(";")[0], answer["csrfToken"]
    if answer.get("mustChangePassword"):
        own = f"{account['person']}-benchmark-passphrase"
        status, answer, headers = post(base, "/account/password", {"current": account["password"], "new": own}, {"Cookie": cookie, "X-CSRF-Token": csrf})
        if status != 200:
            sys.exit(f"national_benchmark: {account['person']} cannot choose a password: {answer}")
        account["password"] = own
        cookie, csrf = headers.get("Set-Cookie").split(";")[0], answer["csrfToken"]
        with open(path, "w") as out:
            json.dump(accounts, out)
    return cookie, csrf


def served_views(bagalau, where, ledger, bodies, year, requests):
    """Warm views by body over HTTP (issue 12 §2): `bagalau serve` on the ledger; each body's HR officer, signed
    in on one kept-alive loopback connection, asks the body's quarterly grades — all its cases, then one case —
    five times unmeasured, then `requests` times; `GET /health` on the same connection is the HTTP floor. The
    server's accounts (an administrator bootstrapped once, each body's HR officer opened by it) are kept in
    LEDGER.benchmark-accounts.json for the next run. Rows of `measured`, the server's peak memory beside each."""
    path = ledger + ".benchmark-accounts.json"
    accounts = json.load(open(path)) if os.path.exists(path) else {}
    if "admin" not in accounts:
        boot = subprocess.run([bagalau, "accounts", "bootstrap"] + where[:2] + ["--person", "benchmark-admin", "--operator", "benchmark"],
                              check=True, capture_output=True, text=True).stdout
        lines = dict(line.split(": ", 1) for line in boot.splitlines() if ": " in line)
        secret = urllib.parse.parse_qs(urllib.parse.urlparse(lines["authenticator"]).query)["secret"][0]
        accounts["admin"] = {"person": "benchmark-admin", "password": lines["one-time password"], "secret": secret}
        with open(path, "w") as out:
            json.dump(accounts, out)
        os.chmod(path, 0o600)
    server = subprocess.Popen([bagalau, "serve"] + where + ["--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        base = server.stdout.readline().strip().removeprefix("listening on ")
        cookie, csrf = signed_in(base, accounts, "admin", path)
        measured = []
        for body, n, person in bodies:
            hr = f"{body}-hr"
            if hr not in accounts:
                status, answer, _ = post(base, "/acts/access.open-account", {"actor": {"role": "administrator"}, "personId": hr, "bodyId": body, "offices": []},
                                         {"Cookie": cookie, "X-CSRF-Token": csrf})
                if status != 201:
                    sys.exit(f"national_benchmark: opening {hr}'s account: {answer}")
                accounts[hr] = {"person": hr, "password": answer["credentials"]["temporaryPassword"]}
            session = Session(base, signed_in(base, accounts, hr, path)[0])
            view = f"/views/quarterly-grades?body={body}&year={year}"
            for label, target in [(f"`GET /health` on the HR officer's connection (the HTTP floor), a body of {n}", "/health"),
                                  (f"`GET /views/quarterly-grades`, a body of {n} (all its cases), warm", view),
                                  (f"`GET /views/quarterly-grades&limit=100`, a page of 100 cases of a body of {n}, warm", f"{view}&limit=100"),
                                  (f"`GET /views/quarterly-grades&person=`, one case in a body of {n}, warm", f"{view}&person={person}")]:
                for _ in range(5):
                    _, status, answer = session.get(target)
                    if status != 200 or (target != "/health" and not json.loads(answer)["rows"]):
                        sys.exit(f"national_benchmark: GET {target} answered {status}: {answer[:300]!r}")
                times = [session.get(target)[0] for _ in range(requests)]
                with open(f"/proc/{server.pid}/status") as status_file:
                    memory = {line.split()[0]: int(line.split()[1]) / 1024 for line in status_file if line.split()[0] in ("VmHWM:", "RssAnon:")}
                measured.append((f"served: {label}", statistics.median(times), min(times), max(times), memory["VmHWM:"], memory["RssAnon:"]))
                print(f"served: {label}: median {statistics.median(times):.1f} ms ({min(times):.1f}–{max(times):.1f})")
        return measured
    finally:
        server.terminate()
        server.wait(timeout=60)


def size_mb(path):
    return sum(os.path.getsize(path + suffix) for suffix in ["", "-wal"] if os.path.exists(path + suffix)) / 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bagalau", default=os.path.join(ROOT, ".build", "release", "bagalau"))
    parser.add_argument("--ledger", required=True, help="the ledger file (with --postgres: where its read models' file goes, LEDGER.read-models)")
    parser.add_argument("--postgres", help="a PostgreSQL URL: the ledger in that database instead of the file")
    parser.add_argument("--record", help="generated acts to record into a new ledger first")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--requests", type=int, default=50, help="timed requests of each served view")
    parser.add_argument("--on", default="2026-12-01", help="the day reads and retention are judged on")
    parser.add_argument("--doc")
    parser.add_argument("--section", help="the section of --doc to write (default: national-benchmark, or national-benchmark-postgres)")
    args = parser.parse_args()
    bagalau, ledger = os.path.abspath(args.bagalau), os.path.abspath(args.ledger)
    read_models = ledger + ".read-models"
    # Where every command finds the log: the file, or the database with the read models in their local file.
    where = ["--postgres", args.postgres, "--read-model-file", read_models] if args.postgres else ["--db", ledger]
    figures = {}

    if args.record:
        if args.postgres is None:
            if os.path.exists(ledger):
                sys.exit(f"national_benchmark: {ledger} exists; --record creates a new ledger")
            subprocess.run([bagalau, "init", "--db", ledger], check=True, capture_output=True)
        wall, peak, anon, out = timed([bagalau, "acts"] + where[:2] + [args.record])
        acts = int(re.search(r"recorded (\d+) acts", out).group(1))
        figures["record"] = (wall, peak, anon, acts)
        print(f"recorded {acts} acts in {wall:.0f} s ({acts / wall:.0f} acts/s, {1000 * wall / acts:.2f} ms an act), peak {peak:.0f} MB ({anon:.0f} MB anonymous)")

    if args.postgres:
        def psql(sql):
            return subprocess.run(["psql", args.postgres, "-tAc", sql], check=True, capture_output=True, text=True).stdout.strip()
        events = int(psql("SELECT coalesce(max(seq), 0) FROM events"))
        figures["ledger_mb"] = int(psql("SELECT pg_database_size(current_database())")) / 1e6
    else:
        events = json.loads(subprocess.run([bagalau, "stats", "--db", ledger, "--json"], check=True, capture_output=True, text=True).stdout)["events"]
        figures["ledger_mb"] = size_mb(ledger)
    print(f"ledger: {events} events, {figures['ledger_mb']:.0f} MB")

    # Every read model folded from nothing.
    for suffix in ["", "-wal", "-shm"]:
        if os.path.exists(read_models + suffix):
            os.remove(read_models + suffix)
    wall, peak, anon, out = timed([bagalau, "rebuild", "--timings"] + where)
    per_projection = re.findall(r"^(\S+): (\d+) rows$", out, re.M)
    folded = float(re.search(r"in one pass, in ([\d.]+) s", out).group(1))
    figures["rebuild"] = (wall, peak, anon, per_projection, folded)
    # Where the pass spent its time (`rebuild --timings`): the log read beside the fold, each read model's fold,
    # row writes and digests sealed.
    figures["rebuild_read"] = float(re.search(r"log read and payloads decoded ([\d.]+) s", out).group(1))
    figures["rebuild_timings"] = [(name, float(fold), int(writes), float(write), float(seal)) for name, fold, writes, write, seal in
                                  re.findall(r"^timings: (\S+): fold ([\d.]+) s, (\d+) row writes ([\d.]+) s, sealed ([\d.]+) s$", out, re.M)]
    figures["read_models_mb"] = size_mb(read_models)
    print(f"rebuild: {wall:.1f} s ({events / wall:.0f} events/s; the fold itself {folded:.1f} s), peak {peak:.0f} MB ({anon:.0f} MB anonymous); read models {figures['read_models_mb']:.0f} MB")
    for name, rows in per_projection:
        print(f"  {name}: {rows} rows")

    # The smallest and the largest body of the last year, and one servant of each.
    with sqlite3.connect(f"file:{read_models}?mode=ro", uri=True) as db:
        year = db.execute("SELECT max(year) FROM rm_quarterly_annual").fetchone()[0]
        sizes = db.execute("SELECT body_id, count(*), min(person_id) FROM rm_quarterly_annual WHERE year = ? GROUP BY body_id ORDER BY 2, 1", (year,)).fetchall()
    (small, small_n, small_person), (large, large_n, large_person) = sizes[0], sizes[-1]
    print(f"bodies: {small} ({small_n} cases), {large} ({large_n} cases); year {year}")
    # A bundle carries inclusion proofs against the last signed tree head: sign one.
    key = os.path.join(tempfile.gettempdir(), f"national-{os.getpid()}.key")
    subprocess.run([bagalau, "keygen", "--out", key], check=True, capture_output=True)
    subprocess.run([bagalau, "checkpoint"] + where[:2] + ["--key", key], check=True, capture_output=True)
    os.remove(key)

    operator = ["--operator", "benchmark", "--reason", "national benchmark"]
    auditor = operator + ["--reader", "aud-1", "--role", "auditor"]
    # What was true at the moment: a generated ledger is recorded in one sitting, so on the axis of what it
    # knew nothing stood before the day of the recording, and a replay would fold nothing.
    occurred = auditor + ["--axis", "occurred"]
    bundle = os.path.join(tempfile.gettempdir(), f"national-{os.getpid()}.bundle")
    reads = [("a process that does nothing (`bagalau --help`)", [bagalau, "--help"])]
    for body, n, person in [(small, small_n, small_person), (large, large_n, large_person)]:
        case = f"case/quarterly/{body}/{year}/{person}"
        label = f"body of {n}"
        view = [bagalau, "quarterly", "grades"] + where + ["--body", body, "--year", str(year), "--reader", f"{body}-hr", "--on", args.on, "--json"] + operator
        reads += [
            (f"`quarterly grades`, a {label} (all its cases)", view),
            (f"`quarterly grades --person`, one case in a {label}", view + ["--person", person]),
            (f"`case-file`, one case in a {label}", [bagalau, "case-file"] + where[:2] + ["--case", case] + auditor),
            (f"`export --case`, one case in a {label}", [bagalau, "export"] + where[:2] + ["--case", case, "--out", bundle] + auditor),
            (f"`replay --case --as-of`, one case in a {label}", [bagalau, "replay"] + where[:2] + ["--case", case, "--as-of", f"{year}-07-01"] + occurred),
            (f"`diff --case`, one case in a {label}", [bagalau, "diff"] + where[:2] + ["--case", case, f"{year}-04-01", f"{year}-10-01"] + occurred),
            (f"`replay --body --as-of`, a {label}", [bagalau, "replay"] + where[:2] + ["--body", body, "--as-of", f"{year}-07-01"] + occurred),
            (f"`diff --body`, a {label}", [bagalau, "diff"] + where[:2] + ["--body", body, f"{year}-04-01", f"{year}-10-01"] + occurred),
        ]
    reads += [
        (f"`retention due --on {args.on}`", [bagalau, "retention", "due"] + where + ["--on", args.on]),
        (f"`retention purge --dry-run --on {args.on}`", [bagalau, "retention", "purge"] + where + ["--on", args.on, "--by", "rec-1", "--dry-run"]),
    ]
    measured = []
    for label, command in reads:
        runs = [timed(command) for _ in range(args.runs)]
        walls = [1000 * wall for wall, _, _, _ in runs]
        peak, anon = max(run[1] for run in runs), max(run[2] for run in runs)
        measured.append((label, statistics.median(walls), min(walls), max(walls), peak, anon))
        print(f"{label}: median {statistics.median(walls):.1f} ms ({min(walls):.1f}–{max(walls):.1f}), peak {peak:.0f} MB ({anon:.0f} MB anonymous)")
    if os.path.exists(bundle):
        figures["bundle_kb"] = os.path.getsize(bundle) / 1e3
        os.remove(bundle)
    measured += served_views(bagalau, where, ledger, [(small, small_n, small_person), (large, large_n, large_person)], year, args.requests)

    if args.doc:
        section = args.section or ("national-benchmark-postgres" if args.postgres else "national-benchmark")
        write_section(args.doc, section, report(args, figures, events, measured))
        print(f"wrote {args.doc}")


def report(args, figures, events, measured):
    command = ("python3 tools/national_benchmark.py --bagalau .build/release/bagalau --ledger LEDGER" + (" --postgres URL" if args.postgres else "")
               + (" --record ACTS" if args.record else "") + f" --runs {args.runs} --requests {args.requests} --doc {args.doc}" + (f" --section {args.section}" if args.section else ""))
    lines = [f"Measured by `{command}` on {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
             f"{time.strftime('%Y-%m-%d')}; release build; every command a process of its own, timed by wall clock, its peak resident "
             f"memory and the anonymous part of it (the process's own, beside the ledger's pages SQLite maps) sampled from /proc; "
             f"reads run {args.runs} times (median, with the range); the views served (rows `served:`) by a `bagalau serve` on the same ledger, "
             f"each request timed by the benchmark on one kept-alive loopback connection, {args.requests} times after five unmeasured (median, "
             f"with the range), the server's peak memory beside them.", ""]
    if "record" in figures:
        wall, peak, anon, acts = figures["record"]
        lines.append(f"- **Recorded through the act path** (`bagalau acts`, each act decided by the rulebook on its body's state and committed "
                     f"with `synchronous=FULL`): {acts:,} acts in {wall / 60:.1f} min — {acts / wall:,.0f} acts/s, {1000 * wall / acts:.2f} ms an act; "
                     f"peak resident {peak:.0f} MB, of it {anon:.0f} MB the process's own.")
    lines.append(f"- **The ledger**{' (a PostgreSQL database on loopback, its size by pg_database_size)' if args.postgres else ''}: {events:,} events, "
                 f"{figures['ledger_mb']:,.0f} MB; the read models' own file {figures['read_models_mb']:,.0f} MB.")
    wall, peak, anon, per_projection, folded = figures["rebuild"]
    lines.append(f"- **Every read model rebuilt** from the log (`bagalau rebuild`, the read models' file deleted first; one pass over the log "
                 f"folds all {len(per_projection)} read models): {wall:.1f} s for the process, {folded:.1f} s for the fold — "
                 f"{events / folded:,.0f} events/s; peak resident {peak:.0f} MB, of it {anon:.0f} MB the process's own. Rows: "
                 + ", ".join(f"{name} {int(rows):,}" for name, rows in per_projection) + ".")
    lines += ["", f"Where the rebuild's time went (`bagalau rebuild --timings`; the log read and its payloads parsed on a thread of their own, "
              f"beside the fold: {figures['rebuild_read']:.1f} s):", "",
              "| read model | rows at the end | fold s | row writes | writing s | sealed s (staged rows put in, digests) |", "|---|---:|---:|---:|---:|---:|"]
    rows_by_name = dict(per_projection)
    for name, fold, writes, write, seal in figures["rebuild_timings"]:
        if fold + write + seal >= 0.05:
            lines.append(f"| {name} | {int(rows_by_name.get(name, 0)):,} | {fold:.1f} | {writes:,} | {write:.1f} | {seal:.1f} |")
    lines += ["", "| read | median ms | range ms | peak resident MB | of it the process's own MB |", "|---|---:|---:|---:|---:|"]
    for label, median, low, high, peak, anon in measured:
        lines.append(f"| {label} | {median:.1f} | {low:.1f}–{high:.1f} | {peak:.0f} | {anon:.0f} |")
    if "bundle_kb" in figures:
        lines += ["", f"A case's bundle (`export --case`, with its inclusion proofs): {figures['bundle_kb']:.0f} KB."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
