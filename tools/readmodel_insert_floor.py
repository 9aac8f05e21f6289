#!/usr/bin/env python3
"""What SQLite itself charges for a read-model row (issue 12 §3): the floor under `bagalau rebuild`'s row writes.

Inserts rows shaped like the case audit trail (`rm_case_audit_trail`: ten columns, text primary key
(stream, version), STRICT, WITHOUT ROWID) into a fresh file with the read models' settings (WAL,
synchronous=NORMAL, a 64 MiB page cache), 10,000 rows a transaction as the rebuild writes them — once in
the order a rebuild meets them (the log's order: each case's acts interleaved with every other case's),
once sorted by key, once staged (appended in the log's order to a table without a key, then copied in
key order by one INSERT … SELECT … ORDER BY, the copy included, as a rebuild does with a written-only
table) — and prints the microseconds a row, median of the rounds with the range. Python's sqlite3 adds
about a microsecond a row of its own; the rebuild's `row writes` of `rebuild --timings` divided by their
seconds compare with the first figure.

    python3 tools/readmodel_insert_floor.py [--rows 300000] [--cases 36000] [--rounds 3]
"""
import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import time

TABLE = """CREATE TABLE t (stream TEXT NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL,
    summary TEXT NOT NULL, clause TEXT NOT NULL, actor_person TEXT NOT NULL, actor_role TEXT NOT NULL,
    occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL, PRIMARY KEY (stream, version)) STRICT, WITHOUT ROWID"""


def rows(count, cases, seed):
    """Rows in the log's order: each act goes to a case drawn at random, at that case's next version."""
    generator = random.Random(seed)
    versions = [0] * cases
    out = []
    for seq in range(1, count + 1):
        case = generator.randrange(cases)
        versions[case] += 1
        out.append((f"case/quarterly/n{case % 2000:04d}/2025/n{case % 2000:04d}-s{case}", versions[case], seq,
                    "quarterly.differentiation-scored", "The evaluator scored the quarter's differentiated assessment",
                    "004 §12, §13", f"n{case % 2000:04d}-s{case}", "evaluator", "2025-04-03T04:00:00Z", "2025-04-03T04:00:01.123456Z"))
    return out


def insert(batch_rows, staged=False):
    """Microseconds a row to insert `batch_rows` into a fresh file, 10,000 a transaction — into the keyed
    table, or, `staged`, appended to a staging table without a key (each row to the end of the file) and
    then copied into the keyed table in key order by one INSERT … SELECT … ORDER BY, the copy included."""
    with tempfile.TemporaryDirectory() as folder:
        db = sqlite3.connect(os.path.join(folder, "floor.sqlite"), isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA cache_size = -65536")
        db.execute(TABLE)
        if staged:
            db.execute(TABLE.replace("CREATE TABLE t", "CREATE TABLE staged").replace(", PRIMARY KEY (stream, version)) STRICT, WITHOUT ROWID", ") STRICT"))
        into = "INSERT INTO staged" if staged else "INSERT OR REPLACE INTO t"
        started = time.perf_counter()
        for start in range(0, len(batch_rows), 10_000):
            db.execute("BEGIN")
            db.executemany(f"{into} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch_rows[start:start + 10_000])
            db.execute("COMMIT")
        if staged:
            db.execute("BEGIN")
            db.execute("INSERT OR REPLACE INTO t SELECT * FROM staged ORDER BY stream, version, rowid")
            db.execute("DROP TABLE staged")
            db.execute("COMMIT")
        elapsed = time.perf_counter() - started
        db.close()
    return 1e6 * elapsed / len(batch_rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--cases", type=int, default=36_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.rows < 10_000 or args.cases < 1 or args.rounds < 1:
        parser.error("--rows at least 10000, --cases and --rounds at least 1")
    arrival, ordered, copied = [], [], []
    for round_number in range(args.rounds):
        data = rows(args.rows, args.cases, seed=round_number)
        arrival.append(insert(data))
        ordered.append(insert(sorted(data, key=lambda row: (row[0].encode(), row[1]))))
        copied.append(insert(data, staged=True))
    for label, figures in [("in the log's order", arrival), ("sorted by key", ordered),
                           ("in the log's order to a staging table, then copied in key order", copied)]:
        print(f"{args.rows} rows over {args.cases} cases, {label}: {statistics.median(figures):.2f} µs a row "
              f"(range {min(figures):.2f}–{max(figures):.2f}, {args.rounds} rounds)")


if __name__ == "__main__":
    main()
