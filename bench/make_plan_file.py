"""Write an annual plan file of N milestones in the format of fixtures/seoul-dpb-2023.yaml.

    python bench/make_plan_file.py --milestones 10000 --out /tmp/plan-10k.yaml

A bureau with 10 divisions of 3 teams, a head per division, a lead and 4 officers per team, 40 milestones
per project (dates as written, read with ``milestones.dates``; 40 % sub-steps), natural keys only.
Every code starts with ``scale-pf-``, so that ``generate_scale_data`` and the benchmark remove it.
Needs no database: run it with or without Django set up.
"""

import argparse
import datetime
import os
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "scale-pf-"
PLAN_CODE = PREFIX + "2023"
YEAR = 2023
DIVISIONS = 10
TEAMS_PER_DIVISION = 3
OFFICERS_PER_TEAM = 4
MILESTONES_PER_PROJECT = 40


def _setup():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govtrack.settings.test")
    import django

    django.setup()


def plan_records(milestones, *, seed=1):
    """The records of the plan file, as ``load_plan`` reads them."""
    from milestones.dates import DatePrecision
    from scale import vocabulary
    from scale.generator import PRECISION_WEIGHTS, PRECISIONS, SUB_STEP_SHARE, read_date, written_date

    rng = random.Random(seed)
    records = [
        {
            "model": "departments.department",
            "fields": {
                "code": PREFIX + "bureau",
                "name": "벤치마크정책관",
                "name_en": "Benchmark Bureau",
                "kind": "bureau",
                "parent": None,
                "order": 0,
                "head_title": "정책관",
                "phone_exchange": "02-2133",
            },
        }
    ]
    teams = []  # (division code, team code, lead code, officer codes)
    staff = []
    for d in range(1, DIVISIONS + 1):
        division = f"{PREFIX}d{d}"
        records.append(
            {
                "model": "departments.department",
                "fields": {
                    "code": division,
                    "name": f"벤치마크{d}담당관",
                    "kind": "division",
                    "parent": [PREFIX + "bureau"],
                    "order": d,
                    "head_title": "담당관",
                },
            }
        )
        staff.append((division, None, "department_head", f"벤치마크{d}담당관"))
        for t in range(1, TEAMS_PER_DIVISION + 1):
            team = f"{division}-t{t}"
            records.append(
                {
                    "model": "departments.department",
                    "fields": {
                        "code": team,
                        "name": f"벤치마크{d}-{t}팀",
                        "kind": "team",
                        "parent": [division],
                        "order": t,
                    },
                }
            )
            lead = (division, team, "team_lead", f"벤치마크{d}-{t}팀장")
            officers = [(division, team, "officer", "담당") for _ in range(OFFICERS_PER_TEAM)]
            staff.extend([lead, *officers])
            teams.append((division, team, lead, officers))
    codes = {}
    for number, person in enumerate(staff, start=1):
        division, team, position, title = person
        name = rng.choice(vocabulary.SURNAMES) + rng.choice(vocabulary.GIVEN) + rng.choice(vocabulary.GIVEN)
        code = f"{division}:{name}{number}"
        codes[id(person)] = code
        records.append(
            {
                "model": "departments.staff",
                "fields": {
                    "code": code,
                    "name": name,
                    "title": title,
                    "position": position,
                    "department": [division],
                    "team": [team] if team else None,
                    "phone_printed": f"{2000 + number}",
                    "email": f"pf{number:04d}@scale.example",
                },
            }
        )
    records.append(
        {
            "model": "plans.annualplan",
            "fields": {
                "code": PLAN_CODE,
                "bureau": [PREFIX + "bureau"],
                "year": YEAR,
                "title": f"{YEAR}년 벤치마크 주요 업무보고",
                "issued_text": f"{YEAR}. 2.",
                "as_of": datetime.date(YEAR, 1, 31),
                "is_demo": False,
            },
        }
    )
    projects = max(1, -(-milestones // MILESTONES_PER_PROJECT))
    left = milestones
    for number in range(1, projects + 1):
        division, team, _lead, officers = teams[(number - 1) % len(teams)]
        officer = codes[id(rng.choice(officers))]
        records.append(
            {
                "model": "projects.project",
                "fields": {
                    "plan": [PLAN_CODE],
                    "number": number,
                    "title": f"{rng.choice(vocabulary.PROJECT_SUBJECTS)} {rng.choice(vocabulary.PROJECT_KINDS)}",
                    "department": [division],
                    "teams": [[team]],
                },
            }
        )
        count = min(left, MILESTONES_PER_PROJECT)
        left -= count
        top, depth, last_at_depth = 0, 0, {}
        for order in range(1, count + 1):
            depth = 0 if order == 1 or rng.random() >= SUB_STEP_SHARE else rng.randint(1, min(depth + 1, 3))
            if depth == 0:
                top += 1
                key, parent = str(top), None
            else:
                parent_key, children = last_at_depth[depth - 1]
                last_at_depth[depth - 1] = (parent_key, children + 1)
                key, parent = f"{parent_key}.{children + 1}", [PLAN_CODE, number, parent_key]
            last_at_depth[depth] = (key, 0)
            for deeper in [k for k in last_at_depth if k > depth]:
                del last_at_depth[deeper]
            precision = rng.choices(PRECISIONS, PRECISION_WEIGHTS)[0]
            text = written_date(rng, YEAR, precision, sub_step=depth > 0)
            parsed = read_date(text, YEAR)
            records.append(
                {
                    "model": "milestones.milestone",
                    "fields": {
                        "project": [PLAN_CODE, number],
                        "key": key,
                        "parent": parent,
                        "order": order,
                        "title": f"{rng.choice(vocabulary.PROJECT_SUBJECTS)} {rng.choice(vocabulary.STEP_ACTIONS)}",
                        "date_text": text,
                        "start_date": parsed.start,
                        "due_date": parsed.due,
                        "date_precision": str(DatePrecision(parsed.precision)),
                        "is_tentative": parsed.tentative,
                        "owner": [officer],
                    },
                }
            )
    return records


def write_plan_file(path, milestones, *, seed=1):
    records = plan_records(milestones, seed=seed)

    class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
        def ignore_aliases(self, data):
            return True

    header = f"# A generated plan file of {milestones:,} milestones (bench/make_plan_file.py, seed {seed}).\n"
    with open(path, "w", encoding="utf-8") as file:
        file.write(header)
        yaml.dump(
            records, file, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None
        )
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--milestones", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="plan-10k.yaml")
    args = parser.parse_args()
    _setup()
    write_plan_file(args.out, args.milestones, seed=args.seed)
    print(f"Wrote {args.out}: {args.milestones:,} milestones")


if __name__ == "__main__":
    main()
