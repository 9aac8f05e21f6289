#!/usr/bin/env python3
"""Validate every event the test suite wrote against its JSON Schema (design.md §11).

    python3 tools/validate_events.py --schemas schemas DUMP_DIR

DUMP_DIR holds *.jsonl files, one stored event envelope a line, written by the tests when
BAGALAU_EVENT_DUMP_DIR is set. Each event is checked with a real JSON Schema validator (draft 2020-12)
against schemas/<type>.v<schemaVersion>.schema.json. Fails when an event breaks its schema, when an
event type has no schema file, or when there is nothing to check at all.
"""
import argparse
import collections
import json
import pathlib
import sys

import jsonschema


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schemas", required=True, type=pathlib.Path)
    parser.add_argument("dump", type=pathlib.Path)
    args = parser.parse_args()

    validators = {}
    for path in sorted(args.schemas.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        validators[path.name] = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())

    counts = collections.Counter()
    failures = []
    for dump in sorted(args.dump.glob("*.jsonl")):
        for number, line in enumerate(dump.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            event = json.loads(line)
            name = f"{event.get('type')}.v{event.get('schemaVersion')}.schema.json"
            validator = validators.get(name)
            if validator is None:
                failures.append(f"{dump.name}:{number}: no schema file {name} for event type {event.get('type')}")
                continue
            errors = sorted(validator.iter_errors(event), key=lambda e: list(e.path))
            for error in errors:
                path = ".".join(str(p) for p in error.path) or "(event)"
                failures.append(f"{dump.name}:{number}: seq {event.get('seq')} {event.get('type')}: {path}: {error.message}")
            counts[event.get("type")] += 1

    total = sum(counts.values())
    for failure in failures[:50]:
        print("schema check: " + failure, file=sys.stderr)
    if total == 0:
        print("schema check: no events were written by the tests; is BAGALAU_EVENT_DUMP_DIR passed through?", file=sys.stderr)
        return 1
    for event_type, count in sorted(counts.items()):
        print(f"schema check: {count:6d} {event_type}")
    for name in sorted(validators):
        event_type = name.rsplit(".v", 1)[0]
        if event_type not in counts:
            print(f"schema check:      0 {event_type} (no test writes this type yet)")
    if failures:
        print(f"schema check: {len(failures)} problems in {total} events", file=sys.stderr)
        return 1
    print(f"schema check: all {total} events written by the tests match their schemas ({len(counts)} event types, {len(validators)} schema files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
