#!/usr/bin/env python3
"""Writes the malformed-input corpus (issue 11): one file per case, and manifest.tsv naming for each the
command that reads it, the line at fault and what the error must say right after "line N: " — the field
it names and a colon (for a line that is not JSON or not UTF-8, where the fault is not in a field: the
byte at fault, or that it is not UTF-8). Run from this folder;
the files are committed, this script is how they were made."""
import json, os

ACT = {"act": "organisation.appoint", "id": "00000000-0000-4000-b000-000000000001", "occurredAt": "2017-12-02T10:00:00+06:00",
       "actor": {"person": "hr-1", "role": "hr-officer"}, "bodyId": "b", "personId": "p7", "fullName": "N", "positionId": "pos-p7",
       "positionTitle": "Specialist", "category": "E-3", "appointedOn": "2015-01-05"}
EVENT = {"stream": "body/c", "type": "organisation.body-registered", "schemaVersion": 1, "occurredAt": "2018-01-03T09:00:00+06:00",
         "actor": {"person": "hr-1", "role": "hr-officer"}, "payload": {"bodyId": "c", "nameKk": "Аппарат", "region": "R", "timeZone": "Asia/Almaty"}}
# Lines already in the fixture ledger: an acts file may start with them (they are skipped as recorded).
RECORDED = [l for l in open(os.path.join(os.path.dirname(__file__) or ".", "base.jsonl"), encoding="utf-8").read().splitlines() if l]

cases = []  # (name, command, lines as bytes, line at fault, field)

def dump(value): return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()

def without(obj, path):
    obj = json.loads(json.dumps(obj)); *parents, last = path.split(".")
    target = obj
    for p in parents: target = target[p]
    del target[last]; return obj

def setting(obj, path, value):
    obj = json.loads(json.dumps(obj)); *parents, last = path.split(".")
    target = obj
    for p in parents: target = target[p]
    target[last] = value; return obj

def act(name, line, field, after=0):
    cases.append((name, "acts", [l.encode() for l in RECORDED[:after]] + [line], after + 1, says(field)))

def event(name, line, field, before=0):
    good = [dump(setting(setting(EVENT, "stream", f"body/g{i}"), "payload.bodyId", f"g{i}")) for i in range(before)]
    cases.append((name, "import", good + [line], before + 1, says(field)))

def says(field):
    """A field's name is followed by a colon; the other texts are taken as they are."""
    return field if " " in field else field + ": "

# --- acts: every field of an appointment missing, then of the wrong type
for field in ["occurredAt", "actor", "actor.person", "actor.role", "bodyId", "personId", "fullName", "positionId", "positionTitle", "category", "appointedOn"]:
    act(f"act-missing-{field}", dump(without(ACT, field)), field)
for field, wrong in [("occurredAt", 20171202), ("actor", "hr-1"), ("actor.person", 7), ("actor.role", ["hr-officer"]), ("bodyId", 1),
                     ("personId", None), ("fullName", True), ("positionId", {"id": 1}), ("positionTitle", 3.5), ("category", 3),
                     ("appointedOn", 20150105), ("probationEndsOn", 1), ("id", 12)]:
    act(f"act-type-{field}", dump(setting(ACT, field, wrong)), field)
for value in ["2015-13-01", "2015-02-29", "15-01-05", "2015-1-5", "2015/01/05", "", "2015-01-05T00:00:00Z"]:
    act(f"act-date-appointedOn-{value.replace('/', '_') or 'empty'}", dump(setting(ACT, "appointedOn", value)), "appointedOn")
act("act-date-probationEndsOn", dump(setting(ACT, "probationEndsOn", "2019-02-30")), "probationEndsOn")
for value in ["2017-12-02", "2017-12-02T10:00:00", "yesterday", "2017-12-02T25:00:00+06:00", "2017-12-02 10:00:00+06:00", "2017-12-02T10:00:00+24:00"]:
    act(f"act-time-{value.replace(':', '').replace(' ', '_').replace('+', 'p')}", dump(setting(ACT, "occurredAt", value)), "occurredAt")
act("act-extra-field", dump(setting(ACT, "salary", 100)), "salary")
act("act-unknown", dump(setting(ACT, "act", "organisation.hire")), "act")
act("act-unknown-before-fields", dump({"act": "organisation.hire", "bodyId": 5}), "act")
act("act-name-not-string", dump(setting(ACT, "act", 5)), "act")
act("act-missing-act", dump(without(ACT, "act")), "act")
act("act-empty-person", dump(setting(ACT, "personId", "")), "payload.personId")
act("act-unknown-role", dump(setting(ACT, "actor.role", "janitor")), "actor.role")
act("act-actor-extra", dump(setting(ACT, "actor.badge", "x")), "actor.badge")
act("act-id-not-uuid", dump(setting(ACT, "id", "not-a-uuid")), "id")
act("act-after-recorded", dump(setting(ACT, "category", 3)), "category", after=3)
act("act-register-body-missing-region", dump({"act": "organisation.register-body", "id": "00000000-0000-4000-b000-000000000002",
    "occurredAt": "2017-12-01T10:00:00+06:00", "actor": {"person": "hr-1", "role": "hr-officer"}, "bodyId": "z", "nameKk": "Z"}), "region")
act("act-leave-bad-kind", dump({"act": "organisation.record-leave", "id": "00000000-0000-4000-b000-000000000003", "occurredAt": "2018-12-19T10:00:00+06:00",
    "actor": {"person": "hr-1", "role": "hr-officer"}, "bodyId": "b", "personId": "p1", "kind": "holiday", "from": "2018-12-20", "until": "2019-01-09"}), "kind")
act("act-leave-until-not-date", dump({"act": "organisation.record-leave", "id": "00000000-0000-4000-b000-000000000004", "occurredAt": "2018-12-19T10:00:00+06:00",
    "actor": {"person": "hr-1", "role": "hr-officer"}, "bodyId": "b", "personId": "p1", "kind": "sick", "from": "2018-12-20", "until": "soon"}), "until")

# --- the JSON itself, for either command
SYNTAX = [
    ("truncated", b'{"act":"organisation.appoint",'), ("trailing-comma", b'{"act":"organisation.appoint",}'),
    ("single-quotes", b"{'act':'organisation.appoint'}"), ("unquoted-name", b'{act:"organisation.appoint"}'),
    ("nan", b'{"act":"organisation.appoint","n":NaN}'), ("infinity", b'{"act":"organisation.appoint","n":Infinity}'),
    ("leading-zero", b'{"act":"organisation.appoint","n":01}'), ("lone-surrogate", b'{"act":"organisation.appoint","fullName":"\\ud800"}'),
    ("raw-control-char", b'{"act":"organisation.appoint","fullName":"a\tb"}'), ("bad-escape", b'{"act":"organisation.appoint","fullName":"\\x41"}'),
    ("duplicate-name", b'{"act":"organisation.appoint","act":"organisation.appoint"}'), ("array", b'[{"act":"organisation.appoint"}]'),
    ("number", b'42'), ("string", b'"organisation.appoint"'), ("null", b'null'), ("trailing-garbage", b'{"act":"organisation.appoint"} x'),
    ("two-objects", b'{"act":"organisation.appoint"}{"act":"organisation.appoint"}'), ("deep-nesting", b'{"a":' + b'[' * 100000 + b']' * 100000 + b'}'),
    ("huge-number", b'{"act":"organisation.appoint","n":1e400}'), ("bom", b'\xef\xbb\xbf{"act":"organisation.appoint"}'),
    ("unclosed-string", b'{"act":"organisation.appoint'), ("plus-number", b'{"act":"organisation.appoint","n":+1}'),
    ("invalid-utf8", b'{"act":"organisation.appoint","fullName":"\xff\xfe"}'), ("overlong-utf8", b'{"act":"organisation.appoint","fullName":"\xc0\xaf"}'),
    ("utf8-surrogate", b'{"act":"organisation.appoint","fullName":"\xed\xa0\x80"}'),
]
for name, line in SYNTAX:
    if "utf8" in name: acts_says = import_says = "is not UTF-8 text"
    elif name in ("array", "number", "string", "null"): acts_says = import_says = f"line: each line is one JSON object; got {name}"
    else: acts_says, import_says = "invalid JSON at byte ", "line: invalid JSON at byte "
    act(f"json-acts-{name}", line, acts_says)
    event(f"json-import-{name}", line, import_says)

# --- import: the envelope and the payload
for field in ["stream", "type", "schemaVersion", "occurredAt", "actor", "actor.person", "actor.role", "payload"]:
    event(f"event-missing-{field}", dump(without(EVENT, field)), field)
for field, wrong in [("stream", 5), ("type", 5), ("schemaVersion", "1"), ("occurredAt", 5), ("actor", "x"), ("payload", "x"),
                     ("actor.person", 5), ("actor.role", 5), ("expectedVersion", "1"), ("expectedVersion", -1), ("id", 5), ("schemaVersion", 1.5)]:
    event(f"event-type-{field}-{type(wrong).__name__}-{str(wrong).replace('.', '_')}", dump(setting(EVENT, field, wrong)), field)
for field in ["bodyId", "nameKk", "region", "timeZone"]:
    event(f"event-payload-missing-{field}", dump(without(EVENT, f"payload.{field}")), f"payload.{field}")
    event(f"event-payload-type-{field}", dump(setting(EVENT, f"payload.{field}", 12)), f"payload.{field}")
event("event-payload-extra", dump(setting(EVENT, "payload.mayor", "x")), "payload.mayor")
event("event-extra-field", dump(setting(EVENT, "signature", "x")), "signature")
event("event-unknown-type", dump(setting(EVENT, "type", "organisation.body-dissolved")), "type")
event("event-unknown-version", dump(setting(EVENT, "schemaVersion", 99)), "schemaVersion")
for value in ["2018-01-03", "2018-01-03T09:00:00", "2018-02-30T09:00:00+06:00", "soon"]:
    event(f"event-time-{value.replace(':', '')}", dump(setting(EVENT, "occurredAt", value)), "occurredAt")
event("event-after-good-lines", dump(setting(EVENT, "payload.region", 7)), "payload.region", before=3)
event("event-invalid-utf8-after-good-lines", b'{"stream":"body/x","type":"\xff"}', "is not UTF-8 text", before=2)

manifest = []
for index, (name, command, lines, line, field) in enumerate(cases, 1):
    file = f"{index:03d}-{name}.jsonl"
    with open(file, "wb") as out: out.write(b"\n".join(lines) + b"\n")
    manifest.append(f"{file}\t{command}\t{line}\t{field}")
with open("manifest.tsv", "w") as out: out.write("\n".join(manifest) + "\n")
print(len(cases), "cases")
