"""Writes a year of probe history into a generated repository, in the formats `probe` writes
(Sources/Status/History/HistoryRecords.swift), for `build_bench.py`.

One network (mainnet) and two vantages. 40 SVs, each probed by five per-SV checks (Scan readiness,
Scan availability, sequencer, rounds, version): 200 targets, plus one URL for each of the other
components. Every component flaps twice a day (a 20-minute degraded or outage spell), so each
vantage's transitions.jsonl holds about 30,000 lines (3 MB, past the 1 MiB a content file may be),
daily.jsonl a line per component per day, and samples/ today and yesterday at one run per
5 minutes. A fixed seed keeps the files identical between runs.
"""
import json
import os
import random
import shutil
import subprocess

DAY = 86_400
SVS = [f"sv-{index:02d}" for index in range(1, 41)]
PER_SV = [("c00", "scans"), ("c04", "scans"), ("c01", "sequencers"), ("c02", "rounds"), ("c03", "versions")]
STATES = ["degraded-performance", "partial-outage", "major-outage"]


def iso(seconds):
    days, rest = divmod(seconds, DAY)
    # 1970-01-01 + days, in the proleptic Gregorian calendar (Howard Hinnant's civil_from_days).
    z = days + 719_468
    era = (z if z >= 0 else z - 146_096) // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (1 if month <= 2 else 0)
    return f"{year:04d}-{month:02d}-{day:02d}T{rest // 3600:02d}:{rest % 3600 // 60:02d}:{rest % 60:02d}Z"


def line(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":")) + "\n"


def write_vantage(root, vantage, now, components, seed):
    rng = random.Random(seed)
    folder = os.path.join(root, "history", "mainnet", vantage)
    os.makedirs(os.path.join(folder, "samples"), exist_ok=True)
    start = now - 365 * DAY
    today = now - now % DAY

    transitions = []
    for component in components:
        transitions.append((start, component, "operational", None))
        day = start - start % DAY + DAY
        while day < now - DAY:
            for spell in range(2):
                at = day + spell * 43_200 + rng.randrange(0, 40_000)
                state = rng.choice(STATES)
                transitions.append((at, component, state, f"{rng.randrange(1, 40)} of 40 SV Scans not ready (HTTP 503)"))
                transitions.append((at + 1_200, component, "operational", None))
            day += DAY
    transitions.sort()
    with open(os.path.join(folder, "transitions.jsonl"), "w", encoding="utf-8") as handle:
        for at, component, state, reason in transitions:
            record = {"at": iso(at), "component": component, "state": state}
            if reason:
                record["reason"] = reason
            handle.write(line(record))

    with open(os.path.join(folder, "daily.jsonl"), "w", encoding="utf-8") as handle:
        day = start - start % DAY + DAY
        while day < today - DAY:
            for component in components:
                p50 = rng.randrange(80, 400)
                handle.write(line({"day": iso(day)[:10], "component": component, "runs": 288, "failures": rng.randrange(0, 8),
                                   "p50": p50, "p95": p50 + rng.randrange(50, 900), "max": p50 + 1_500}))
            day += DAY

    for day in (today - DAY, today):
        rows = []
        at = day
        while at < min(day + DAY, now):
            fields = [iso(at)[11:19]] + [f"{component}={rng.randrange(80, 900)}" for component in components]
            rows.append("\t".join(fields))
            at += 300
        with open(os.path.join(folder, "samples", iso(day)[:10] + ".tsv"), "w", encoding="utf-8") as handle:
            handle.write("\n".join(rows) + "\n")

    last_run = now - 120
    latest = {"environment": "mainnet", "vantage": vantage, "at": iso(last_run), "announcements": [
        {"kind": "synchronizer-upgrade", "at": iso(now + 20 * DAY), "migrationID": 7}], "components": []}
    for component in components:
        targets = []
        for owner, check in PER_SV:
            if owner != component:
                continue
            for index, sv in enumerate(SVS):
                details = {}
                if check == "versions":
                    details["version"] = "0.5.2" if index % 13 == 0 else "0.5.3"
                if check == "rounds":
                    details["round"] = str(81_000 - (1 if index % 17 == 0 else 0))
                targets.append({"name": sv, "check": check, "state": "operational",
                                "latencyMilliseconds": rng.randrange(40, 900), "details": details})
        if not targets:
            targets.append({"name": f"{component}.example.org/readyz", "check": "http", "state": "operational",
                            "latencyMilliseconds": rng.randrange(40, 900), "details": {}})
        latest["components"].append({"component": component, "state": "operational", "since": iso(now - DAY),
                                     "targets": targets, "failingRuns": 0, "passingRuns": 100})
    with open(os.path.join(folder, "latest.json"), "w", encoding="utf-8") as handle:
        json.dump(latest, handle, indent=2, sort_keys=True)


def write_history(root, now, components, vantages=("ci", "cluster-eu")):
    """Every vantage's folder in history/; returns the number of per-SV targets."""
    for seed, vantage in enumerate(vantages):
        write_vantage(root, vantage, now, components, seed)
    return len(SVS) * len(PER_SV)


def move_to_data_branches(root, git):
    """Commits each vantage's folder on its own data branch, status-data/<vantage>, as `probe
    --data-branch` keeps it (here one commit holding the year), then removes history/ from the
    working tree: what `build` reads in a repository whose probers push data branches."""
    folder = os.path.join(root, "history", "mainnet")
    index = os.path.join(root, ".git", "bench-data-index")
    for vantage in sorted(os.listdir(folder)):
        environment = dict(os.environ, GIT_INDEX_FILE=index)
        subprocess.run(git + ["-C", root, "read-tree", "--empty"], check=True, env=environment)
        subprocess.run(git + ["-C", root, "add", "-f", f"history/mainnet/{vantage}"], check=True, env=environment)
        tree = subprocess.run(git + ["-C", root, "write-tree"], check=True, env=environment, capture_output=True, text=True).stdout.strip()
        commit = subprocess.run(git + ["-C", root, "commit-tree", tree, "-m", f"history({vantage})"], check=True,
                                capture_output=True, text=True).stdout.strip()
        subprocess.run(git + ["-C", root, "update-ref", f"refs/heads/status-data/{vantage}", commit], check=True)
    os.remove(index)
    shutil.rmtree(os.path.join(root, "history"))
