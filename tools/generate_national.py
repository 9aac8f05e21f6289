#!/usr/bin/env python3
"""Quarterly years of a country's civil service as Bagalau acts (issue 12 §3), one JSON line per act.

Bodies of 8 to 3,000 servants under the 2023 methodology (004): each body registered, its people
appointed, its roles and supervisors assigned, the methodology adopted; then every year each servant's
case opened and the body's schedule drawn up and approved (004 §11); every quarter each servant notified
of the evaluation (§31), scored by the head of apparatus, familiarised the next working day (§12, §17)
and met for feedback (§43) — and, for a share of the quarters (--calibrated, 2 % by default), a
calibration session the servant applied for: convened by the maslikhat chair, argued, voted, its
protocol signed and posted before the feedback meeting (§13, §39–§42); every December each servant's 360
opened with three respondents, the self-assessment and the anonymous answers recorded (§34–§37). Acts
come in the order a country would record them: all bodies' acts of one day before the next day's.
Deterministic for a given --seed.

    tools/generate_national.py --servants 100000 --bodies 2000 --years 2024 2025 2026 --out national.jsonl
    tools/generate_national.py --sizes 8 3000 --years 2024 2025 2026 --out two-bodies.jsonl

Recorded with `bagalau acts --db LEDGER national.jsonl` (tools/acts_benchmark.py times it). The last year
runs as far as the quarters that have ended: a quarter is scored in the month after it.
"""
import argparse
import datetime
import json
import random
import sys

ROLES = [("hr", "hr-officer"), ("chair", "maslikhat-chair"), ("chair", "first-head"), ("head", "head-of-apparatus")]


def body_sizes(servants, bodies, smallest, largest, seed):
    """Sizes from a heavy-tailed distribution (many small bodies, a few ministries), scaled to the total."""
    rng = random.Random(seed)
    raw = [min(largest, max(smallest, int(smallest / (rng.random() ** 1.1 + 1e-9) ** 0.9))) for _ in range(bodies)]
    scale = servants / sum(raw)
    sizes = [min(largest, max(smallest, round(size * scale))) for size in raw]
    sizes[sizes.index(max(sizes))] = largest
    return sizes


class Writer:
    def __init__(self, out, first_id):
        self.out = out
        self.next_id = first_id
        self.count = 0

    def act(self, act, day, actor, actor_role, **fields):
        self.next_id += 1
        line = {"act": act, "id": "00000000-0000-4000-b000-%012d" % self.next_id,
                "occurredAt": f"{day}T10:00:00+06:00", "actor": {"person": actor, "role": actor_role}}
        line.update(fields)
        self.out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
        self.count += 1


def servants_of(body, size):
    # The body's own staff beyond its chair, head of apparatus and HR officer.
    return [f"{body}-s{n}" for n in range(1, size + 1)]


def setup(w, body, size, adopted_on):
    b = {"bodyId": body}
    w.act("organisation.register-body", "2023-12-01", f"{body}-hr", "hr-officer", **b,
          nameKk=f"Аппарат {body}", region="Түркістан облысы")
    staff = [(f"{body}-chair", "A-1"), (f"{body}-head", "E-2"), (f"{body}-hr", "E-4")] + [(s, "E-4") for s in servants_of(body, size)]
    for person, category in staff:
        w.act("organisation.appoint", "2023-12-01", f"{body}-hr", "hr-officer", **b, personId=person, fullName="N",
              positionId=f"pos-{person}", positionTitle="Post", category=category, appointedOn="2020-01-06")
    for person, role in ROLES:
        w.act("organisation.assign-role", "2023-12-01", f"{body}-hr", "hr-officer", **b, personId=f"{body}-{person}",
              role=role, effectiveFrom="2020-01-06")
    for person in [f"{body}-hr"] + servants_of(body, size):
        w.act("organisation.assign-supervisor", "2023-12-01", f"{body}-hr", "hr-officer", **b, personId=person,
              supervisorId=f"{body}-head", effectiveFrom="2020-01-06")
    w.act("organisation.assign-supervisor", "2023-12-01", f"{body}-hr", "hr-officer", **b, personId=f"{body}-head",
          supervisorId=f"{body}-chair", effectiveFrom="2020-01-06")
    # The shipped parameters of the 2023 version (the act's default when none are given).
    w.act("methodology.adopt-quarterly-evaluation", adopted_on, f"{body}-hr", "hr-officer", **b, versionId="q-2023",
          basis="№ 8/7, 28.11.2023", effectiveFrom="2024-01-01")


def working_day(date):
    while date.weekday() >= 5:
        date += datetime.timedelta(days=1)
    return date


COMPETENCIES = ["effective-communication", "ethics", "change-management", "result-orientation", "independence-decisions",
                "cooperation", "promptness", "self-development"]  # 004 §35: the eight of a servant evaluated by differentiation


def after(day, working_days):
    """The working day `working_days` working days after `day`."""
    for _ in range(working_days):
        day = working_day(day + datetime.timedelta(days=1))
    return day


class Days:
    """Acts gathered by the day they happen on, written day by day (a case's acts of one day in their order)."""

    def __init__(self):
        self.acts = {}

    def add(self, day, *act, **fields):
        self.acts.setdefault(day, []).append((act, fields))

    def write(self, w):
        for day in sorted(self.acts):
            for (act, actor, role), fields in self.acts[day]:
                w.act(act, day.isoformat(), actor, role, **fields)


def quarter_acts(w, bodies, year, quarter, scored, rng, calibrated):
    """One quarter's evaluation of every servant: notice, score, familiarisation, a calibration session for
    some, the feedback meeting."""
    days = Days()
    familiarised = after(scored, 1)
    for body, size in bodies:
        staff = servants_of(body, size)
        for person in staff:
            case = {"bodyId": body, "year": year, "personId": person, "quarter": quarter}
            days.add(scored, "quarterly.notify", f"{body}-hr", "hr-officer", **case)
            days.add(scored, "quarterly.score-differentiation", f"{body}-head", "evaluator", **case,
                     score=rng.choice([3, 4, 4, 5]), quality="drafts sound", timeliness="tasks on time",
                     initiative="proposals made", discipline="no breaches", workload="average")
            days.add(familiarised, "quarterly.familiarise", f"{body}-hr", "hr-officer", **case, channel="system")
            feedback_on = after(familiarised, 1)
            if len(staff) > 1 and rng.random() < calibrated:
                # 004 §13, §39–§42: applied for the next working day, convened the day after, held three days later.
                other = rng.choice([s for s in staff if s != person])
                session = after(familiarised, 5)
                days.add(after(familiarised, 1), "quarterly.apply-for-calibration", person, "servant", **case, reason="I disagree with the grade")
                days.add(after(familiarised, 2), "quarterly.convene-calibration", f"{body}-chair", "maslikhat-chair", **case,
                         sessionId=f"cal-{person}-{year}-{quarter}", participants=[f"{body}-head", f"{body}-chair", other],
                         sessionDate=session.isoformat())
                days.add(session, "quarterly.argue", f"{body}-head", "evaluator", **case, position="support", argument="the grade reflects the quarter's work")
                for participant in [f"{body}-head", f"{body}-chair", other]:
                    days.add(session, "quarterly.vote", participant, "calibration-participant", **case, score=rng.choice(["3", "4", "4.5"]))
                days.add(session, "quarterly.sign-protocol", f"{body}-chair", "maslikhat-chair", **case)
                days.add(session, "quarterly.post-protocol", f"{body}-hr", "hr-officer", **case)
                feedback_on = session
            days.add(feedback_on, "quarterly.hold-feedback-meeting", f"{body}-head", "evaluator", **case,
                     achievements="the quarter's planned work done on time", development="change management",
                     careerGoals="a senior post within two years")
    days.write(w)


def survey_acts(w, bodies, year, rng):
    """004 §34–§37: each servant's 360 in December — three respondents (the maslikhat chair and two of the
    evaluator's other subordinates), the self-assessment, the answers recorded by HR without names."""
    days = Days()
    opened, assessed, answered = (working_day(datetime.date(year, 12, day)) for day in (2, 4, 16))
    for body, size in bodies:
        staff = servants_of(body, size)
        if len(staff) < 3:
            continue
        for person in staff:
            case = {"bodyId": body, "year": year, "personId": person}
            others = rng.sample([s for s in staff if s != person], 2)
            days.add(opened, "quarterly.open-360", f"{body}-hr", "hr-officer", **case, respondents=[
                {"personId": f"{body}-chair", "relation": "maslikhat-chair"}] + [{"personId": o, "relation": "evaluator-subordinate"} for o in others])
            days.add(assessed, "quarterly.self-assess", person, "servant", **case,
                     scores=[{"competency": c, "score": rng.choice([4, 5])} for c in COMPETENCIES])
            days.add(answered, "quarterly.record-360-answers", f"{body}-hr", "hr-officer", **case,
                     answers=[[{"competency": c, "score": rng.choice([3, 4, 5])} for c in COMPETENCIES] for _ in range(3)])
    days.write(w)


def year_acts(w, bodies, year, today, rng, calibrated):
    """One year of every body, day by day; quarters whose last act would fall after `today` are left out."""
    opened = working_day(datetime.date(year, 1, 3)).isoformat()
    drawn = working_day(datetime.date(year, 1, 4)).isoformat()
    approved = working_day(datetime.date(year, 1, 5)).isoformat()
    for body, size in bodies:
        for person in servants_of(body, size):
            w.act("quarterly.open-case", opened, f"{body}-hr", "hr-officer", bodyId=body, year=year, personId=person)
    for body, size in bodies:
        w.act("quarterly.draw-up-schedule", drawn, f"{body}-hr", "hr-officer", bodyId=body, year=year, entries=[
            {"quarter": 1, "evaluateBy": f"{year}-04-10"}, {"quarter": 2, "evaluateBy": f"{year}-07-10"},
            {"quarter": 3, "evaluateBy": f"{year}-10-10"}, {"quarter": 4, "evaluateBy": f"{year + 1}-01-10"}])
    for body, size in bodies:
        w.act("quarterly.approve-schedule", approved, f"{body}-chair", "maslikhat-chair", bodyId=body, year=year)
    for quarter in range(1, 5):
        if quarter == 4 and working_day(datetime.date(year, 12, 16)) <= today:
            survey_acts(w, bodies, year, rng)
        scored_month = (year, quarter * 3 + 1) if quarter < 4 else (year + 1, 1)
        scored = working_day(datetime.date(scored_month[0], scored_month[1], 8))
        if after(scored, 7) > today:
            return
        quarter_acts(w, bodies, year, quarter, scored, rng, calibrated)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--servants", type=int, default=100_000, help="servants in all (with --bodies)")
    parser.add_argument("--bodies", type=int, default=2_000)
    parser.add_argument("--sizes", type=int, nargs="+", help="the bodies' sizes instead (e.g. 8 3000)")
    parser.add_argument("--smallest", type=int, default=8)
    parser.add_argument("--largest", type=int, default=3_000)
    parser.add_argument("--years", type=int, nargs="+", default=[2024, 2025, 2026])
    parser.add_argument("--today", default=datetime.date.today().isoformat(), help="no act after this day")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--calibrated", type=float, default=0.02, help="the share of servant-quarters that go to a calibration session")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    sizes = args.sizes or body_sizes(args.servants, args.bodies, args.smallest, args.largest, args.seed)
    bodies = [(f"n{index:04d}", size) for index, size in enumerate(sizes)]
    today = datetime.date.fromisoformat(args.today)
    rng = random.Random(args.seed)
    with open(args.out, "w") as out:
        w = Writer(out, 0)
        for body, size in bodies:
            setup(w, body, size, "2023-12-20")
        for year in args.years:
            year_acts(w, bodies, year, today, rng, args.calibrated)
    print(json.dumps({"bodies": len(bodies), "servants": sum(sizes), "smallest": min(sizes), "largest": max(sizes),
                      "acts": w.count}), file=sys.stderr)


if __name__ == "__main__":
    main()
