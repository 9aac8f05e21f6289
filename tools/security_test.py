#!/usr/bin/env python3
"""Attacks on a live `bagalau serve` that must fail (docs/security.md), on loopback only, each bounded in
count and time. Run by tools/test; prints one line an attack and closes with "N passed, N failed".

    tools/security_test.py --bagalau .build/debug/bagalau

Each attack is one that worked on an earlier release (issue 29):
- §1 (high) filling the disk without signing in: a failed sign-in stored the person id as sent, so thirty
  attempts with a 0.8 MB id grew the ledger file by 68 MB; an oversized body answered 500.
- §10 hygiene: API JSON without `Cache-Control: no-store`, no `X-Content-Type-Options: nosniff`, and
  `/verify?publicKey=zz` answered 200.
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request

from check_api import ServerFailed, signed_in_administrator


def request(base: str, path: str, data: bytes, headers: dict | None = None) -> tuple[int, dict]:
    """POSTs raw bytes; the status and the JSON answer (or {})."""
    req = urllib.request.Request(base + path, data=data, method="POST", headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            return error.code, json.loads(body or b"{}")
        except json.JSONDecodeError:
            return error.code, {"raw": body[:200].decode(errors="replace")}


def ledger_bytes(db: str) -> int:
    """The ledger file with its WAL: what an attacker would fill."""
    return sum(os.path.getsize(db + suffix) for suffix in ("", "-wal") if os.path.exists(db + suffix))


class Attacks:
    def __init__(self, base: str, db: str, admin: dict):
        self.base, self.db, self.admin = base, db, admin
        self.passed, self.failed = 0, 0

    def check(self, name: str, ok: bool, detail: str) -> None:
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
        if ok:
            self.passed += 1
        else:
            self.failed += 1

    def oversized_person_id(self) -> None:
        """§1: thirty sign-ins with a 0.8 MB person id: each 413, the file does not grow by what was sent."""
        before = ledger_bytes(self.db)
        person = "x" * 800_000
        statuses = {request(self.base, "/sign-in", json.dumps({"person": person, "password": "p"}).encode())[0] for _ in range(30)}
        grown = ledger_bytes(self.db) - before
        self.check("29 §1 a 0.8 MB person id, thirty times", statuses == {413} and grown < 256 * 1024,
                   f"statuses {sorted(statuses)}, the ledger grew by {grown} bytes (24 MB sent)")

    def long_person_id_under_the_body_limit(self) -> None:
        """§1: a person id longer than any id (within the body's limit) is refused naming the field, unrecorded."""
        before = ledger_bytes(self.db)
        answers = [request(self.base, "/sign-in", json.dumps({"person": "y" * 3000, "password": "p"}).encode()) for _ in range(20)]
        grown = ledger_bytes(self.db) - before
        fields = {answer.get("field") for _, answer in answers}
        self.check("29 §1 a 3,000-byte person id, twenty times", {status for status, _ in answers} == {400} and fields == {"person"} and grown < 64 * 1024,
                   f"statuses {sorted({s for s, _ in answers})}, fields {sorted(map(str, fields))}, the ledger grew by {grown} bytes")

    def throttled_flood(self) -> None:
        """§1: throttled attempts skip bcrypt, so they are fast; 2,000 of them for one person cost no more
        than a few rows."""
        body = json.dumps({"person": "nobody-" + "z" * 90, "password": "wrong"}).encode()
        for _ in range(6):
            request(self.base, "/sign-in", body)
        before = ledger_bytes(self.db)
        started, statuses = time.monotonic(), set()
        for _ in range(2000):
            statuses.add(request(self.base, "/sign-in", body)[0])
            if time.monotonic() - started > 120:
                break
        grown = ledger_bytes(self.db) - before
        self.check("29 §1 2,000 throttled sign-ins for one person", statuses == {429} and grown < 128 * 1024,
                   f"statuses {sorted(statuses)}, the ledger grew by {grown} bytes")

    def oversized_act(self) -> None:
        """§1: an act's body past its route's limit (1 MiB), from a signed-in administrator, is 413 — it
        answered 500."""
        status, answer = request(self.base, "/acts/organisation.register-body", b'{"pad": "' + b"a" * (2 << 20) + b'"}', self.admin)
        self.check("29 §1 a 2 MiB act body, signed in", status == 413 and answer.get("code") == "too-large", f"status {status} {answer.get('code')}")

    def hygiene_headers(self) -> None:
        """§10: every answer nosniff; the API's JSON (answers and problems) never cached."""
        seen = []
        for path, headers in (("/health", {}), ("/me", self.admin), ("/me", {})):
            req = urllib.request.Request(self.base + path, headers=headers)
            try:
                with urllib.request.urlopen(req, timeout=30) as response:
                    status, got = response.status, response.headers
            except urllib.error.HTTPError as error:
                status, got = error.code, error.headers
            seen.append((path, status, got.get("X-Content-Type-Options"), got.get("Cache-Control")))
        ok = all(nosniff == "nosniff" and cache == "no-store" for _, _, nosniff, cache in seen)
        self.check("29 §10 nosniff and no-store on the API's answers and problems", ok, f"{seen}")

    def malformed_public_key(self) -> None:
        """§10: `/verify?publicKey=zz` is a malformed request (400 naming publicKey), not a 200."""
        req = urllib.request.Request(self.base + "/verify?publicKey=zz", headers=self.admin)
        try:
            with urllib.request.urlopen(req, timeout=60) as response:
                status, answer = response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            status, answer = error.code, json.loads(error.read() or b"{}")
        self.check("29 §10 /verify?publicKey=zz", status == 400 and answer.get("field") == "publicKey", f"status {status} field {answer.get('field')}")

    def oversized_sign_in_body(self) -> None:
        status, answer = request(self.base, "/sign-in", b"{" + b" " * 10_000 + b"}")
        self.check("29 §1 a 10 KB sign-in body (limit 4 KiB)", status == 413 and answer.get("code") == "too-large", f"status {status} {answer.get('code')}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bagalau", required=True)
    arguments = parser.parse_args()
    try:
        with signed_in_administrator(arguments.bagalau, "bagalau-security-") as (base, db, session):
            attacks = Attacks(base, db, session)
            attacks.oversized_person_id()
            attacks.long_person_id_under_the_body_limit()
            attacks.throttled_flood()
            attacks.oversized_act()
            attacks.oversized_sign_in_body()
            attacks.hygiene_headers()
            attacks.malformed_public_key()
    except ServerFailed as failure:
        print(f"security_test: {failure}", file=sys.stderr)
        return 1
    print(f"security: {attacks.passed} passed, {attacks.failed} failed")
    return 0 if attacks.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
