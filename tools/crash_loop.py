#!/usr/bin/env python3
"""kill -9 at random moments of every kind of write (issue 11): `acts`, `import`, `checkpoint` and
`retention purge`. After every kill the ledger must verify (chain, tree, signed heads, read models),
every act whose `→ seq` acknowledgement was printed must be in it, an import must be all or nothing,
and a killed purge must complete on its next run. Exits 1 on the first loss, naming it.

    python3 tools/crash_loop.py --bagalau .build/release/bagalau --cycles 120 --seed 1

With --postgres URL (a server's URL; the loop makes a database of its own there) the same kills hit a
ledger in PostgreSQL — `acts`, `import`, `checkpoint` and `retention purge`, the read models in a local
file of their own — and after each kill the chain, the tree and the read models must verify and every
acknowledged act be stored.

tools/test runs a short loop on every change, on the file and on PostgreSQL; docs/ledger.md reports a long one.
"""
import argparse, json, os, random, re, shutil, signal, sqlite3, subprocess, sys, tempfile, time, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "docs", "examples", "annual-2018.jsonl")
ACK = re.compile(r"^line (\d+): \S+ by .* → seq ")


class Loss(Exception):
    pass


class Loop:
    def __init__(self, bagalau, work, rng, postgres=None):
        self.bagalau, self.work, self.rng = bagalau, work, rng
        self.db = os.path.join(work, "l.sqlite")
        self.postgres = postgres
        self.ledger = ["--postgres", postgres, "--read-model-file", os.path.join(work, "pg.read-models")] if postgres else ["--db", self.db]
        self.copies = 0
        self.acknowledged = set()  # ids of every act and imported event acknowledged so far
        self.counts = {"acts": 0, "import": 0, "checkpoint": 0, "purge": 0}
        self.killed_mid_run = {"acts": 0, "import": 0, "checkpoint": 0, "purge": 0}
        self.operation = None

    def run(self, *args, check=True):
        result = subprocess.run([self.bagalau, *args, *self.ledger], capture_output=True, text=True)
        if check and result.returncode != 0:
            raise Loss(f"`bagalau {' '.join(args)}` exited {result.returncode}: {result.stderr.strip()}")
        return result

    def killed(self, args, within_ms):
        """Starts `bagalau args`, kills it with SIGKILL after a random delay; returns (stdout, exited by itself)."""
        process = subprocess.Popen([self.bagalau, *args, *self.ledger], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        time.sleep(self.rng.uniform(0, within_ms) / 1000)
        finished = process.poll() is not None
        if not finished:
            process.send_signal(signal.SIGKILL)
            self.killed_mid_run[self.operation] += 1
        out, _ = process.communicate()
        return out, finished and process.returncode == 0

    def example_copy(self):
        """The 2018 annual example as a new body's: its ids, body, commission and methodology made unique."""
        self.copies += 1
        k = self.copies
        lines = []
        for line in open(EXAMPLE, encoding="utf-8"):
            lines.append(line.replace('"bodyId":"b"', f'"bodyId":"b{k}"').replace("c-2018", f"c-2018-{k}")
                         .replace("-a000-", f"-a{k:03x}-").replace('"versionId":"annual-2018"', f'"versionId":"annual-2018-{k}"'))
        path = os.path.join(self.work, f"copy-{k}.jsonl")
        with open(path, "w", encoding="utf-8") as out:
            out.write("".join(lines))
        return path, [json.loads(line).get("id") for line in lines]

    def acts(self):
        path, ids = self.example_copy()
        out, _ = self.killed(["acts", path], 600)
        for line in out.splitlines():
            if match := ACK.match(line):
                self.acknowledged.add(ids[int(match.group(1)) - 1])

    def import_(self):
        body = f"imp{self.counts['import']}"
        ids = [str(uuid.uuid4()) for _ in range(2000)]
        path = os.path.join(self.work, f"{body}.jsonl")
        with open(path, "w", encoding="utf-8") as out:
            for n, event_id in enumerate(ids):
                out.write(json.dumps({"stream": f"body/{body}", "id": event_id, "type": "organisation.servant-appointed", "schemaVersion": 1,
                                      "occurredAt": "2018-01-03T10:00:00+06:00", "actor": {"person": "hr-1", "role": "hr-officer"},
                                      "payload": {"bodyId": body, "personId": f"q{n}", "fullName": "N", "positionId": f"pos-q{n}",
                                                  "positionTitle": "Specialist", "category": "E-3", "appointedOn": "2016-02-15"}}) + "\n")
        _, acknowledged = self.killed(["import", path], 500)
        present = self.present(ids)
        if present not in (0, len(ids)):
            raise Loss(f"a killed import left {present} of its {len(ids)} events: not all or nothing")
        if acknowledged:
            self.acknowledged.update(ids)

    def checkpoint(self):
        self.killed(["checkpoint", "--key", os.path.join(self.work, "k.key")], 150)

    def purge(self):
        path, _ = self.example_copy()
        self.run("acts", path)
        certificate = f"purge-{self.counts['purge']}"
        self.killed(["retention", "purge", "--by", "rec", "--certificate", certificate, "--key", os.path.join(self.work, "k.key")], 300)
        # The next run completes what the killed one began (or finds nothing left to do).
        self.run("retention", "purge", "--by", "rec", "--certificate", certificate + "-again", "--key", os.path.join(self.work, "k.key"))
        due = self.run("retention", "due").stdout
        if any(line.endswith("\tdue") for line in due.splitlines()):
            raise Loss(f"cases still due after a purge ran to completion:\n{due}")

    def present(self, ids):
        if self.postgres:
            if not ids:
                return 0
            listed = ",".join(ids)
            result = subprocess.run(["psql", self.postgres, "-At"], input=f"SELECT count(*) FROM events WHERE id = ANY('{{{listed}}}'::text[]);",
                                    capture_output=True, text=True, check=True)
            return int(result.stdout.strip())
        connection = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)
        try:
            count = 0
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                count += connection.execute(f"SELECT count(*) FROM events WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchone()[0]
            return count
        finally:
            connection.close()

    def check(self, operation):
        verify = self.run("verify", "--read-models", check=False)
        if verify.returncode != 0:
            raise Loss(f"after a kill during {operation}, verify exited {verify.returncode}: {verify.stderr.strip()}")
        ids = sorted(self.acknowledged)
        if (present := self.present(ids)) != len(ids):
            raise Loss(f"after a kill during {operation}, {len(ids) - present} acknowledged acts are missing")

    def cycle(self):
        weights = [4, 2, 2, 2]
        operation = self.operation = self.rng.choices(["acts", "import", "checkpoint", "purge"], weights=weights)[0]
        getattr(self, "import_" if operation == "import" else operation)()
        self.counts[operation] += 1
        self.check(operation)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bagalau", required=True)
    parser.add_argument("--cycles", type=int, default=12)
    parser.add_argument("--seed", type=int, default=None, help="the random seed (default: drawn, and printed)")
    parser.add_argument("--postgres", help="a PostgreSQL server's URL: the loop's ledger is a new database there")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    work = tempfile.mkdtemp(prefix="bagalau-crash-")
    postgres = None
    if args.postgres:
        name = f"bagalau_crash_{uuid.uuid4().hex}"
        subprocess.run(["psql", args.postgres, "-qc", f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'"], check=True)
        postgres = args.postgres.rsplit("/", 1)[0] + "/" + name
    loop = Loop(os.path.abspath(args.bagalau), work, random.Random(seed), postgres)
    started = time.monotonic()
    try:
        if not postgres:
            loop.run("init")
        subprocess.run([loop.bagalau, "keygen", "--out", os.path.join(work, "k.key")], check=True, capture_output=True)
        loop.run("checkpoint", "--key", os.path.join(work, "k.key"))
        for number in range(1, args.cycles + 1):
            loop.cycle()
        if postgres:
            total = int(subprocess.run(["psql", postgres, "-Atc", "SELECT count(*) FROM events"], capture_output=True, text=True, check=True).stdout)
        else:
            total = json.loads(loop.run("stats", "--json").stdout)["events"]
    except Loss as loss:
        print(f"crash loop (seed {seed}), cycle {sum(loop.counts.values()) + 1}: LOST — {loss}; the ledger is kept in {work}", file=sys.stderr)
        sys.exit(1)
    shutil.rmtree(work)
    counts = ", ".join(f"{op} {n} ({loop.killed_mid_run[op]} killed mid-run)" for op, n in loop.counts.items())
    print(f"crash loop (seed {seed}{', PostgreSQL' if postgres else ''}): {args.cycles} cycles — {counts}; "
          f"{len(loop.acknowledged)} acknowledged acts and events all present; {total} events; verify passed after every kill "
          f"({time.monotonic() - started:.0f} s); 0 acknowledged acts lost")


if __name__ == "__main__":
    main()
