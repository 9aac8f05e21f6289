#!/usr/bin/env python3
"""How fast the console's pages render (issue: the web console): each page requested again and again by a
signed-in person over one kept-alive loopback connection to a real `bagalau serve`, p50 and p95.

Two ledgers, each in a throwaway directory:
  - the example ledger (docs/examples: the 2018 annual year and the 2024 quarterly year): the servant's
    home, the HR officer's home with the body's board, a case file, the KPI sheet (2018 App. 2), an act
    form, the case over time (as of a moment and a difference), the 2023 forms (App. 2, 4, 7, 8), the 2018
    App. 5 protocol of a commission meeting, an attestation sheet; target
    p95 <= 50 ms;
  - a body of 1,000 servants with the 2023 quarterly method (the example's organisation and methodology,
    1,000 servants under one head, every case opened for 2024, the first quarter scored, half of it
    familiarised): the HR officer's home with its board; target p95 <= 200 ms.
Baseline in the same run: `GET /health` on the same connection (the HTTP floor under every page).

    .build/python/bin/python tools/console_benchmark.py --bagalau .build/release/bagalau [--requests 200] [--runs 3] [--doc docs/performance.md]

Run by hand (not in CI): it needs the browser-test environment (tools/install-deps) only for its shared
ledger set-up. With --doc, the figures replace the console section of that file.
"""
import argparse
import http.client
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_test import ROOT, Ledger  # noqa: E402

SERVANTS = 1000
EXAMPLE = os.path.join(ROOT, "docs/examples/quarterly-2024.jsonl")


def large_body(path: str) -> None:
    """Acts for one body of SERVANTS servants: the example's body set-up and methodology, then the 2024 year."""
    lines, n = [], 0

    def act(name: str, person: str, role: str, occurred: str, /, **fields) -> None:
        nonlocal n
        n += 1
        lines.append(json.dumps({"act": name, "id": f"00000000-0000-4000-c000-{n:012d}", "occurredAt": f"{occurred}T10:00:00+06:00",
                                 "actor": {"person": person, "role": role}, **fields}, ensure_ascii=False))

    for line in open(EXAMPLE, encoding="utf-8"):
        example = json.loads(line)
        if example["act"].split(".")[0] not in ("organisation", "methodology") or re.fullmatch(r"s\d", example.get("personId", "")):
            continue
        if example["act"] in ("organisation.record-leave", "organisation.dismiss", "organisation.record-structure-change"):
            continue
        fields = {k: v for k, v in example.items() if k not in ("act", "id", "occurredAt", "actor")}
        act(example["act"], example["actor"]["person"], example["actor"]["role"], example["occurredAt"][:10], **fields)
    servants = [f"p{k:04d}" for k in range(1, SERVANTS + 1)]
    for person in servants:
        act("organisation.appoint", "hr", "hr-officer", "2023-12-01", bodyId="m", personId=person, fullName="N",
            positionId=f"pos-{person}", positionTitle="Post", category="E-4", appointedOn="2020-01-06")
        act("organisation.assign-supervisor", "hr", "hr-officer", "2023-12-01", bodyId="m", personId=person, supervisorId="head", effectiveFrom="2020-01-06")
    for person in servants:
        act("quarterly.open-case", "hr", "hr-officer", "2024-01-03", bodyId="m", year=2024, personId=person)
    act("quarterly.draw-up-schedule", "hr", "hr-officer", "2024-01-04", bodyId="m", year=2024,
        entries=[{"quarter": q, "evaluateBy": d} for q, d in ((1, "2024-04-10"), (2, "2024-07-10"), (3, "2024-10-10"), (4, "2025-01-10"))])
    act("quarterly.approve-schedule", "chair", "maslikhat-chair", "2024-01-05", bodyId="m", year=2024)
    for k, person in enumerate(servants):
        act("quarterly.score-differentiation", "head", "evaluator", "2024-04-08", bodyId="m", year=2024, personId=person, quarter=1,
            score=3 + k % 3, quality="q", timeliness="t", initiative="i", discipline="d", workload="average")
        if k % 2 == 0:
            act("quarterly.familiarise", "hr", "hr-officer", "2024-04-09", bodyId="m", year=2024, personId=person, quarter=1, channel="system")
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


def signed_in(ledger: Ledger, person: str, by: dict, role: str, body: str = "m") -> dict:
    """Opens the person's account (by `by`, acting as `role`) and signs them in with a password of their own."""
    return ledger.first_sign_in(person, ledger.open_account(person, by, role, body=body)["temporaryPassword"])


class Client:
    """One signed-in person's kept-alive connection."""

    def __init__(self, base: str, session: dict):
        address = urllib.parse.urlparse(base)
        self.connection = http.client.HTTPConnection(address.hostname, address.port)
        self.cookie = session["Cookie"]

    def get(self, path: str, expect: str | None = None) -> float:
        started = time.perf_counter()
        self.connection.request("GET", path, headers={"Cookie": self.cookie, "Accept-Language": "kk"})
        response = self.connection.getresponse()
        body = response.read().decode()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200 or (expect and expect not in body):
            raise SystemExit(f"console_benchmark: GET {path} answered {response.status}; expected {expect!r} in the page")
        return elapsed

    def measure(self, path: str, requests: int, expect: str | None = None) -> dict:
        for _ in range(5):
            self.get(path, expect)
        times = sorted(self.get(path, expect) for _ in range(requests))
        return {"p50": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))], "max": times[-1]}


def example_pages(bagalau: str, requests: int) -> dict:
    work = tempfile.mkdtemp(prefix="bagalau-console-bench-")
    ledger = Ledger(bagalau, work)
    try:
        hr = signed_in(ledger, "hr", ledger.admin, "administrator")
        s1 = signed_in(ledger, "s1", hr, "hr-officer")
        p1 = signed_in(ledger, "p1", ledger.admin, "administrator", body="b")
        m1 = signed_in(ledger, "m1", ledger.admin, "administrator", body="b")
        a5 = signed_in(ledger, "a5", ledger.admin, "administrator", body="k")
        servant, officer, annual_servant = Client(ledger.base, s1), Client(ledger.base, hr), Client(ledger.base, p1)
        chair, attested = Client(ledger.base, m1), Client(ledger.base, a5)
        case = urllib.parse.quote("case/quarterly/m/2024/s1", safe="")
        annual = urllib.parse.quote("case/annual/b/2018/p1", safe="")
        return {
            "GET /health (baseline)": servant.measure("/health", requests),
            "servant's home": servant.measure("/console", requests, "s1"),
            "servant's case file (quarterly, 2024)": servant.measure(f"/console/case?case={case}", requests, "004"),
            "HR officer's home with the board": officer.measure("/console", requests, "s6"),
            "KPI sheet, 2018 App. 2": annual_servant.measure(f"/console/forms/kpi-sheet?case={annual}", requests),
            "act form (quarterly.vote)": servant.measure("/console/acts/quarterly.vote?bodyId=m&year=2024&personId=s1&quarter=1", requests),
            "case over time: as of a moment and a difference (2024)": officer.measure(
                f"/console/case/history?case={case}&axis=occurred&at=2024-06-30T12:00&from=2024-03-31T12:00&to=2024-09-30T12:00", requests, "004"),
            "differentiation sheet, 2023 App. 4": officer.measure(f"/console/forms/differentiation-sheet?case={case}&quarter=1", requests),
            "360 report, 2023 App. 7": officer.measure(f"/console/forms/report-360?case={case}", requests),
            "feedback form, 2023 App. 8": officer.measure(f"/console/forms/feedback?case={case}", requests),
            "commission meeting's protocol, 2018 App. 5": chair.measure("/console/forms/protocol?commission=c-2018&meeting=mt-1", requests),
            "attestation sheet": attested.measure(f"/console/forms/attestation-sheet?case={urllib.parse.quote('case/attestation/k/r2025/a5', safe='')}", requests),
            "KPI sheet, 2023 App. 2": officer.measure(f"/console/forms/quarterly-kpi-sheet?case={urllib.parse.quote('case/quarterly/m/2024/head', safe='')}&quarter=1", requests),
        }
    finally:
        ledger.stop()
        shutil.rmtree(work, ignore_errors=True)


def large_board(bagalau: str, requests: int) -> dict:
    work = tempfile.mkdtemp(prefix="bagalau-console-bench-")
    acts = os.path.join(work, "large-body.jsonl")
    large_body(acts)
    started = time.perf_counter()
    ledger = Ledger(bagalau, work, files=[acts])
    print(f"console_benchmark: a {SERVANTS}-servant body recorded and served in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    try:
        hr = signed_in(ledger, "hr", ledger.admin, "administrator")
        officer = Client(ledger.base, hr)
        return {
            "GET /health (baseline)": officer.measure("/health", requests),
            f"HR officer's home with the board, {SERVANTS} servants": officer.measure("/console", requests // 4, f"p{SERVANTS:04d}"),
        }
    finally:
        ledger.stop()
        shutil.rmtree(work, ignore_errors=True)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    return f"{cpu}, {os.cpu_count()} cores, Linux {platform.release()}"


def table(runs: list[dict], targets: dict) -> list[str]:
    rows = ["| page | p50 (median) | p95 (median) | p95 range between runs | target | |", "|---|---|---|---|---|---|"]
    for name in runs[0]:
        p50 = statistics.median(run[name]["p50"] for run in runs)
        p95s = [run[name]["p95"] for run in runs]
        target = targets.get(name)
        verdict = "" if target is None else ("met" if statistics.median(p95s) <= target else "**missed**")
        rows.append(f"| {name} | {p50:.1f} ms | {statistics.median(p95s):.1f} ms | {min(p95s):.1f}–{max(p95s):.1f} ms | "
                    f"{'—' if target is None else f'p95 ≤ {target} ms'} | {verdict} |")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bagalau", required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--doc")
    arguments = parser.parse_args()
    examples = [example_pages(arguments.bagalau, arguments.requests) for _ in range(arguments.runs)]
    boards = [large_board(arguments.bagalau, arguments.requests) for _ in range(arguments.runs)]
    small = {name: 50 for name in examples[0] if not name.startswith("GET /health")}
    large = {name: 200 for name in boards[0] if not name.startswith("GET /health")}
    command = " ".join(["tools/console_benchmark.py", *sys.argv[1:]])
    lines = ["<!-- console-pages -->", "## The console's pages (`bagalau serve`, release build)", "",
             f"Measured by `{command}` on {machine()}, {time.strftime('%Y-%m-%d')}: each page requested",
             f"{arguments.requests} times (the 1,000-servant board {arguments.requests // 4} times) by one signed-in person over one kept-alive",
             f"loopback connection, after 5 warm-up requests; {arguments.runs} runs, each on a fresh ledger and server; medians of the runs'",
             "p50 and p95, with the range of p95 between runs. The time is the client's, request sent to page read.", "",
             "The example ledger (the 2018 annual and 2024 quarterly examples):", "", *table(examples, small), "",
             f"A body of {SERVANTS:,} servants (2023 quarterly method, the 2024 year opened, the first quarter scored, half familiarised):", "",
             *table(boards, large), "", "<!-- /console-pages -->"]
    print("\n".join(lines))
    if arguments.doc:
        text = open(arguments.doc, encoding="utf-8").read()
        section = "\n".join(lines)
        pattern = re.compile(r"<!-- console-pages -->.*<!-- /console-pages -->", re.S)
        text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section + "\n"
        open(arguments.doc, "w", encoding="utf-8").write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
