#!/usr/bin/env python3
"""The server under load (issue: the server): 64 signed-in clients posting acts of different bodies,
then 64 reading case files, against a real `bagalau serve` on a loopback port, driven by wrk.

Sets up a throwaway ledger of 64 bodies (20 servants, an HR officer, the 2018 methodology each) with
`bagalau acts`, opens each HR officer's account over the server and takes a bearer token, then runs:
  - acts: `POST /acts/annual.open-case`, every request a new case of one of the 64 bodies, by its HR
    officer (each act decided on its own stream version; concurrent acts share commits);
  - reads: `GET /cases/file` of the body's cases by its HR officer (a party: unrecorded).
Baseline in the same run: raw SQLite (Python's sqlite3, WAL, synchronous=FULL) committing one row per
transaction on the same disk — the fsync-bound rate a writer without shared commits cannot beat.

    tools/load_benchmark.py --bagalau .build/release/bagalau [--runs 3] [--seconds 15] [--out FILE.json]

Run by hand (not in CI); docs/performance.md holds the figures. Needs wrk (Debian's `wrk`).
"""
import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_api import post, totp  # noqa: E402

BODIES = 64
SERVANTS = 20


def setup_lines() -> list[str]:
    lines = []
    n = 0

    def act(name: str, hr: str, **fields) -> None:
        nonlocal n
        n += 1
        lines.append(json.dumps({"act": name, "id": f"00000000-0000-4000-b000-{n:012d}", "occurredAt": "2017-12-01T10:00:00+06:00",
                                 "actor": {"person": hr, "role": "hr-officer"}, **fields}))

    for b in range(BODIES):
        body, hr = f"b{b}", f"hr-b{b}"
        act("organisation.register-body", hr, bodyId=body, nameKk=f"Орган {b}", region="Ақмола облысы")
        for person in [hr] + [f"p{k}" for k in range(1, SERVANTS + 1)]:
            act("organisation.appoint", hr, bodyId=body, personId=person if person == hr else f"{person}", fullName="N",
                positionId=f"pos-{person}", positionTitle="Specialist", category="E-3", appointedOn="2015-01-05")
        act("organisation.assign-role", hr, bodyId=body, personId=hr, role="hr-officer", effectiveFrom="2015-01-05")
        act("methodology.adopt-annual-evaluation", hr, bodyId=body, versionId="annual-2018", basis="№ 1", effectiveFrom="2018-01-01")
        for k in range(1, SERVANTS + 1):
            act("annual.open-case", hr, bodyId=body, year=2018, personId=f"p{k}")
    return lines


THREADS = 2


def lua(tokens: list[str], kind: str) -> str:
    """The wrk script: each of the THREADS threads posts for its own half of the bodies, so no two
    requests ask for the same case."""
    quoted = ",".join(f'"{t}"' for t in tokens)
    if kind == "acts":
        make = f"""
  local i = counter % per
  local slot = math.floor(counter / per)
  counter = counter + 1
  local b = tid + nthreads * i
  local body = string.format('{{"actor":{{"role":"hr-officer"}},"bodyId":"b%d","year":%d,"personId":"p%d"}}', b, 2019 + math.floor(slot / {SERVANTS}), slot % {SERVANTS} + 1)
  return wrk.format("POST", "/acts/annual.open-case", {{["Authorization"] = "Bearer " .. tokens[b + 1], ["Content-Type"] = "application/json"}}, body)
"""
        good = "status == 201"
    else:
        make = f"""
  local b = tid + nthreads * (counter % per)
  local p = math.floor(counter / per) % {SERVANTS} + 1
  counter = counter + 1
  return wrk.format("GET", string.format("/cases/file?case=case/annual/b%d/2018/p%d", b, p), {{["Authorization"] = "Bearer " .. tokens[b + 1]}})
"""
        good = "status == 200"
    return f"""
tokens = {{{quoted}}}
local threads = {{}}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  nthreads = {THREADS}
  per = {BODIES // THREADS}
  counter = 0
  ok = 0
  bad = 0
  last_bad = ""
end
request = function()
{make}
end
response = function(status, headers, body)
  if {good} then ok = ok + 1 else bad = bad + 1; last_bad = tostring(status) .. " " .. string.sub(body, 1, 200) end
end
function done(summary, latency, requests)
  local ok_total, bad_total, sample = 0, 0, ""
  for _, thread in ipairs(threads) do
    ok_total = ok_total + thread:get("ok")
    bad_total = bad_total + thread:get("bad")
    if thread:get("bad") > 0 then sample = thread:get("last_bad") end
  end
  io.write(string.format('RESULT {{"requests": %d, "seconds": %.3f, "ok": %d, "bad": %d, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, "socket_errors": %d, "sample_bad": %q}}\\n',
    summary.requests, summary.duration / 1e6, ok_total, bad_total, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, sample))
end
"""


def raw_sqlite_commits(directory: str, seconds: float = 3.0) -> float:
    """Rows committed per second, one per transaction, WAL, synchronous=FULL (the baseline)."""
    path = os.path.join(directory, "raw.sqlite")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE t (seq INTEGER PRIMARY KEY, payload TEXT)")
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t (payload) VALUES (?)", ("x" * 300,))
        db.execute("COMMIT")
        count += 1
    elapsed = time.perf_counter() - start
    db.close()
    return count / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bagalau", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--out", help="write the figures as JSON")
    parser.add_argument("--doc", help="replace the server-load section of this Markdown file (docs/performance.md)")
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        print("load_benchmark: wrk is missing (apt-get install wrk)", file=sys.stderr)
        return 1

    results = {"acts": [], "reads": [], "raw_sqlite_commits_per_s": [], "acts_per_commit": []}
    for run in range(arguments.runs):
        work = tempfile.mkdtemp(prefix="bagalau-load-", dir=os.environ.get("BAGALAU_BENCH_DIR"))
        db = os.path.join(work, "ledger.sqlite")
        env = {**os.environ, "BAGALAU_BCRYPT_COST": "4"}
        subprocess.run([arguments.bagalau, "init", "--db", db], check=True, env=env, stdout=subprocess.DEVNULL)
        with open(os.path.join(work, "setup.jsonl"), "w") as f:
            f.write("\n".join(setup_lines()) + "\n")
        subprocess.run([arguments.bagalau, "acts", "--db", db, os.path.join(work, "setup.jsonl")], check=True, env=env, stdout=subprocess.DEVNULL)
        boot = subprocess.run([arguments.bagalau, "accounts", "bootstrap", "--db", db, "--person", "admin", "--operator", "bench"],
                              check=True, env=env, capture_output=True, text=True).stdout
        lines = dict(line.split(": ", 1) for line in boot.splitlines() if ": " in line)
        secret = urllib.parse.parse_qs(urllib.parse.urlparse(lines["authenticator"]).query)["secret"][0]
        server = subprocess.Popen([arguments.bagalau, "serve", "--db", db, "--port", "0"], env=env, stdout=subprocess.PIPE,
                                  stderr=open(os.path.join(work, "serve.log"), "w"), text=True)
        try:
            base = server.stdout.readline().strip().removeprefix("listening on ")

            def first_sign_in(person: str, password: str, code: str | None = None) -> dict:
                status, signed, headers = post(base, "/sign-in", {"person": person, "password": password, **({"code": code} if code else {})})
                assert status == 200, (person, status, signed)
                session = {"Cookie": headers.get("Set-Cookie").split(";")[0], "X-CSRF-Token": signed["csrfToken"]}
                status, changed, headers = post(base, "/account/password", {"current": password, "new": f"{person}-own-passphrase"}, session)
                assert status == 200, (person, status, changed)
                return {"Cookie": headers.get("Set-Cookie").split(";")[0], "X-CSRF-Token": changed["csrfToken"]}

            admin = first_sign_in("admin", lines["one-time password"], totp(secret, time.time()))
            tokens = []
            for b in range(BODIES):
                status, opened, _ = post(base, "/acts/access.open-account", {"actor": {"role": "administrator"}, "personId": f"hr-b{b}", "bodyId": f"b{b}"}, admin)
                assert status == 201, opened
                session = first_sign_in(f"hr-b{b}", opened["credentials"]["temporaryPassword"])
                status, token, _ = post(base, "/tokens", {"label": "load"}, session)
                assert status == 201, token
                tokens.append(token["token"])
            for kind in ["acts", "reads"]:
                script = os.path.join(work, f"{kind}.lua")
                with open(script, "w") as f:
                    f.write(lua(tokens, kind))
                out = subprocess.run(["wrk", f"-t{THREADS}", f"-c{arguments.connections}", f"-d{arguments.seconds}s", "--latency", "-s", script, base],
                                     capture_output=True, text=True).stdout
                match = re.search(r"RESULT (\{.*\})", out)
                assert match, out
                figures = json.loads(match.group(1))
                figures["per_second"] = figures["ok"] / figures["seconds"]
                results[kind].append(figures)
                print(f"run {run + 1} {kind}: {figures['per_second']:.0f}/s ok, {figures['bad']} not ok, p50 {figures['p50_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms", flush=True)
                if figures["bad"]:
                    print(f"  e.g. {figures['sample_bad']}", flush=True)
            metrics = subprocess.run(["curl", "-s", base + "/metrics"], capture_output=True, text=True).stdout
            commits = float(re.search(r"^bagalau_commits_total (\S+)", metrics, re.M).group(1))
            appends = float(re.search(r"^bagalau_committed_appends_total (\S+)", metrics, re.M).group(1))
            results["acts_per_commit"].append(appends / commits)
        finally:
            server.terminate()
            server.wait(timeout=60)
        results["raw_sqlite_commits_per_s"].append(raw_sqlite_commits(work))
        shutil.rmtree(work, ignore_errors=True)

    def median(values: list[float]) -> float:
        return statistics.median(values)

    summary = {
        "machine": f"{os.cpu_count()} cores, {subprocess.run(['uname', '-sr'], capture_output=True, text=True).stdout.strip()}",
        "runs": arguments.runs, "seconds": arguments.seconds, "connections": arguments.connections,
        "acts_per_s": [round(r["per_second"]) for r in results["acts"]],
        "acts_p99_ms": [round(r["p99_ms"], 1) for r in results["acts"]],
        "acts_p50_ms": [round(r["p50_ms"], 1) for r in results["acts"]],
        "reads_per_s": [round(r["per_second"]) for r in results["reads"]],
        "reads_p99_ms": [round(r["p99_ms"], 1) for r in results["reads"]],
        "acts_per_commit": [round(x, 1) for x in results["acts_per_commit"]],
        "raw_sqlite_commits_per_s": [round(x) for x in results["raw_sqlite_commits_per_s"]],
        "not_ok": [r["bad"] for r in results["acts"] + results["reads"]],
    }
    summary["medians"] = {key: median(value) for key, value in summary.items() if isinstance(value, list)}
    print(json.dumps(summary, indent=2))
    if arguments.out:
        with open(arguments.out, "w") as f:
            json.dump(summary, f, indent=2)
    if arguments.doc:
        write_section(arguments.doc, summary, " ".join(["tools/load_benchmark.py"] + sys.argv[1:]))
    return 0


def write_section(path: str, s: dict, command: str) -> None:
    """The server-load section of docs/performance.md (after its marker; the rest of the file is kept)."""
    m = s["medians"]

    def spread(key: str) -> str:
        return f"{min(s[key])}–{max(s[key])}"

    def verdict(met: bool) -> str:
        return "met" if met else "**missed**"

    section = f"""
<!-- server-load -->
## The server under load (`bagalau serve`, release build)

Measured by `{command}` on the machine above ({s['machine']}), wrk on the same two cores as the
server: {s['connections']} connections, {s['runs']} runs of {s['seconds']} s each, medians with the range between runs. Each
act is `POST /acts/annual.open-case` by one of 64 HR officers (bearer tokens) for a new case of their
body — decided by the rulebook on its own stream version and committed with `synchronous=FULL`; each
read is `GET /cases/file` of one of the body's cases by its HR officer (a party: not recorded).

| what | median | range | target | |
|---|---|---|---|---|
| acts recorded per second | {m['acts_per_s']:.0f} | {spread('acts_per_s')} | ≥ 2,000 | {verdict(m['acts_per_s'] >= 2000)} |
| act latency p50 / p99 | {m['acts_p50_ms']:.1f} / {m['acts_p99_ms']:.1f} ms | p99 {spread('acts_p99_ms')} | p99 ≤ 25 ms | {verdict(m['acts_p99_ms'] <= 25)} |
| acts per commit (shared commits) | {m['acts_per_commit']:.1f} | {spread('acts_per_commit')} | — | |
| case-file reads per second | {m['reads_per_s']:.0f} | {spread('reads_per_s')} | ≥ 5,000 | {verdict(m['reads_per_s'] >= 5000)} |
| read latency p99 | {m['reads_p99_ms']:.1f} ms | {spread('reads_p99_ms')} | — | |
| baseline: raw SQLite commits per second (one row each, WAL, `synchronous=FULL`, same disk) | {m['raw_sqlite_commits_per_s']:.0f} | {spread('raw_sqlite_commits_per_s')} | — | |
| requests not answered 201/200 | {sum(s['not_ok'])} | | 0 | |
"""
    text = open(path).read() if os.path.exists(path) else "# Performance\n"
    cut = text.find("\n<!-- server-load -->")
    head = text if cut < 0 else text[:cut]
    tail = ""
    if cut >= 0:
        after = text.find("\n<!-- /server-load -->", cut)
        tail = text[after:] if after >= 0 else ""
    with open(path, "w") as f:
        f.write(head.rstrip("\n") + "\n" + section + (tail if tail else "\n<!-- /server-load -->\n"))


if __name__ == "__main__":
    sys.exit(main())
