"""Measures `canton-status probe` against canton-sim, and how fast `history/` grows.

Usage: probe_bench.py BINARY SIM_BINARY DAYS     (DAYS = 0: the run time only)

1. Run time: 60 simulated SVs with 5 checks each (readyz and livez of every Scan, sequencers by
   gRPC health, rounds, versions: 300 targets), after discovery has read the network from the 60
   Scans (20 must agree); 6 SVs answer only after 6 s, so their 30 targets hang until the 5 s
   timeout. Best of 3 wall time and the prober's peak memory. The vantage has seven days of history
   (six rolled-up days and yesterday's samples), as the baselines of anomaly detection read them.
2. Growth: two vantages, each probing 60 SVs × 5 checks = 300 targets every 5 minutes (by
   `--now`) for DAYS simulated days through scripts/probe-and-push, which records each run on the
   vantage's data branch (one commit a day, amended) and pushes it to a bare remote, with an
   outage every few hours so transitions are recorded too. Prints the remote's git objects after
   `git gc` per day and per vantage-day, that slope for 20 vantages over a year, the commits on
   main and on the data branches, and what a clone of main costs (sample files roll up into daily
   lines after a day, so the growth per day is flat after the second day).
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

from benchlib import run_measured

START = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false"]


def start_sim(sim_binary, svs, scenarios, now):
    args = [sim_binary, "--svs", str(svs), "--now", now]
    for scenario in scenarios:
        args += ["--scenario", scenario]
    process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    return process, json.loads(process.stdout.readline())


def stop_sim(process):
    process.stdin.close()
    process.kill()
    process.wait()


def control(endpoints, path, body):
    request = urllib.request.Request(endpoints["control"] + path, data=json.dumps(body).encode(), method="POST")
    urllib.request.urlopen(request, timeout=5).read()


def repository(root, seed):
    with open(os.path.join(root, "components.yml"), "w", encoding="utf-8") as handle:
        handle.write(f"""page: {{title: Bench, url: "https://status.example.org"}}
environments:
  - {{id: mainnet, name: MainNet, scan: "{seed}"}}
groups:
  - {{id: synchronizer, name: Global Synchronizer}}
  - {{id: apis, name: APIs}}
components:
  - {{id: rounds, name: Round progression, group: synchronizer, checks: [{{type: rounds, timeout: 5s}}]}}
  - {{id: sequencers, name: Sequencers, group: synchronizer, checks: [{{type: sequencers, timeout: 5s}}]}}
  - {{id: scan-api, name: Scan API, group: apis, checks: [{{type: scans, path: /api/scan/readyz, timeout: 5s}}]}}
  - {{id: scan-live, name: Scan liveness, group: apis, checks: [{{type: scans, path: /api/scan/livez, timeout: 5s}}]}}
  - {{id: versions, name: Versions, group: apis, checks: [{{type: versions, timeout: 5s}}]}}
""")
    os.makedirs(os.path.join(root, "incidents"))
    subprocess.run(["git", "init", "-q", root], check=True)
    subprocess.run(GIT + ["-C", root, "add", "-A"], check=True)
    subprocess.run(GIT + ["-C", root, "commit", "-q", "-m", "content"], check=True)


COMPONENTS = ["rounds", "sequencers", "scan-api", "scan-live", "versions"]


def seven_days_of_history(root, now):
    """What a vantage that has probed every 5 minutes for a week leaves in `history/mainnet/ci/`:
    six older days rolled up in daily.jsonl (with each hour's p95) and yesterday's samples, so the
    measured run builds its anomaly baselines from a full week as a deployed prober does."""
    folder = os.path.join(root, "history", "mainnet", "ci")
    os.makedirs(os.path.join(folder, "samples"))
    def latency(component, run):
        return 5 + (run * 7919 + len(component)) % 7
    lines = []
    for day in range(7, 1, -1):
        date = (now - datetime.timedelta(days=day)).strftime("%Y-%m-%d")
        for component in COMPONENTS + ["rounds.cadence"]:
            hours = ",".join("600000" if component == "rounds.cadence" else "11" for _ in range(24))
            p = 600000 if component == "rounds.cadence" else 11
            runs = 144 if component == "rounds.cadence" else 288
            lines.append(json.dumps({"component": component, "day": date, "failures": 0, "hours": hours, "max": p,
                                     "p50": p if component == "rounds.cadence" else 8, "p95": p, "runs": runs},
                                    sort_keys=True, separators=(",", ":")))
    with open(os.path.join(folder, "daily.jsonl"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    yesterday = now - datetime.timedelta(days=1)
    with open(os.path.join(folder, "samples", yesterday.strftime("%Y-%m-%d") + ".tsv"), "w", encoding="utf-8") as handle:
        for run in range(288):
            moment = yesterday + datetime.timedelta(minutes=5 * run)
            fields = [moment.strftime("%H:%M:%S")] + [f"{component}={latency(component, run)}" for component in COMPONENTS]
            if run % 2 == 0:
                fields.append("rounds.cadence=600000")
            handle.write("\t".join(fields) + "\n")


def folder_size(path):
    return sum(os.path.getsize(os.path.join(directory, name)) for directory, _, names in os.walk(path) for name in names)


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def run_time(binary, sim_binary):
    now = iso(START)
    slow = [f"sv-slow:{index}:6000" for index in range(1, 7)]
    process, endpoints = start_sim(sim_binary, 60, slow, now)
    try:
        with tempfile.TemporaryDirectory(prefix="canton-status-probe-bench-") as root:
            repository(root, endpoints["seed_scan"])
            seven_days_of_history(root, START)
            wall, peak, code, output = run_measured([binary, "probe", "--repo", root, "--now", now, "--quiet", "--no-incidents"])
            with open(os.path.join(root, "history/mainnet/ci/latest.json"), encoding="utf-8") as handle:
                latest = json.load(handle)
            targets = sum(len(component["targets"]) for component in latest["components"])
            timeouts = sum(1 for component in latest["components"] for target in component["targets"]
                           if (target.get("reason") or "").startswith("timeout"))
            grpc = sum(1 for component in latest["components"] for target in component["targets"] if target["check"] == "sequencers")
            svs = (latest.get("network") or {}).get("svCount", 0)
            print(f"run: {targets} targets ({grpc} gRPC health checks; {svs} SVs agreed by the Scans), "
                  f"{timeouts} hanging until the 5 s timeout: wall {wall:.3f} s, peak {peak:.1f} MiB (exit {code})")
    finally:
        stop_sim(process)


def git_size(path):
    """Bytes of git objects in a repository after `git gc` with unreachable objects pruned, as a
    host's collection leaves them (the amended commits of each day are unreachable)."""
    subprocess.run(["git", "--git-dir", path, "gc", "-q", "--prune=now"], check=True)
    return folder_size(os.path.join(path, "objects"))


def growth(binary, sim_binary, days, vantages=2):
    """VANTAGES probers, each in its own clone, running scripts/probe-and-push every 5 minutes
    (by `--now`) against a bare remote, as CI and the CronJob do."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "probe-and-push")
    process, endpoints = start_sim(sim_binary, 60, [], iso(START))
    try:
        with tempfile.TemporaryDirectory(prefix="canton-status-history-bench-") as root:
            seed = os.path.join(root, "seed")
            os.makedirs(seed)
            repository(seed, endpoints["seed_scan"])
            remote = os.path.join(root, "remote.git")
            subprocess.run(["git", "init", "-q", "--bare", "-b", "main", remote], check=True)
            subprocess.run(GIT + ["-C", seed, "push", "-q", remote, "HEAD:refs/heads/main"], check=True)
            names = [f"vantage-{index}" for index in range(vantages)]
            clones = []
            for name in names:
                clone = os.path.join(root, name)
                subprocess.run(["git", "clone", "-q", remote, clone], check=True)
                clones.append(clone)
            base = git_size(remote)
            sizes = []  # git bytes of the remote at the end of each simulated day
            for run in range(days * 288):
                moment = START + datetime.timedelta(minutes=5 * run)
                # An hour of a partial outage every 8 hours, so transitions are recorded as well.
                outage = (run % 96) in range(12)
                control(endpoints, "/control/clock", {"now": iso(moment)})
                control(endpoints, "/control/scenario", {"scenarios": ["svs-down:15"] if outage else ["healthy"]})
                probers = [subprocess.Popen([script, "--now", iso(moment), "--quiet", "--no-incidents"], cwd=clone,
                                            env=dict(os.environ, VANTAGE=name, CANTON_STATUS=binary),
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                           for name, clone in zip(names, clones)]
                for prober in probers:
                    prober.wait()
                if run % 288 == 287:
                    sizes.append(git_size(remote) - base)
            main_commits = int(subprocess.run(["git", "--git-dir", remote, "rev-list", "--count", "main"],
                                              check=True, capture_output=True, text=True).stdout)
            branch_commits = [int(subprocess.run(["git", "--git-dir", remote, "rev-list", "--count", f"status-data/{name}"],
                                                 check=True, capture_output=True, text=True).stdout) for name in names]
            single = os.path.join(root, "clone-main")
            subprocess.run(["git", "clone", "-q", "--single-branch", "--branch", "main", "file://" + remote, single], check=True)
            full = os.path.join(root, "clone-all")
            subprocess.run(["git", "clone", "-q", "file://" + remote, full], check=True)
            seed_size = folder_size(os.path.join(seed, ".git", "objects"))
            daily = (sizes[-1] - sizes[-2]) if len(sizes) > 1 else sizes[-1]
            per_vantage_day = daily / vantages
            year = 20 * 365 * per_vantage_day
            print(f"growth: {vantages} vantages × 300 targets, every 5 min, {days} simulated days "
                  f"({days * 288} runs each, through scripts/probe-and-push with data branches):")
            print(f"  bare remote, git objects after gc: +{sizes[-1] / 1024:.0f} KiB, +{daily / 1024:.0f} KiB a day "
                  f"({per_vantage_day / 1024:.1f} KiB per vantage and day)")
            print(f"  20 vantages, one year: {year / 2**20:.1f} MiB (extrapolated from the last day's slope)")
            print(f"  commits: main {main_commits} (the content only), data branches {branch_commits} (one a day)")
            print(f"  git clone --single-branch of main: {folder_size(os.path.join(single, '.git')) / 2**20:.2f} MiB "
                  f"(content {seed_size / 2**20:.2f} MiB, no probe data); plain git clone: "
                  f"{folder_size(os.path.join(full, '.git')) / 2**20:.2f} MiB")
    finally:
        stop_sim(process)


def main():
    binary, sim_binary, days = sys.argv[1], sys.argv[2], int(sys.argv[3])
    print(f"canton-status probe, release build, {os.cpu_count()} cores")
    run_time(binary, sim_binary)
    # DAYS = 0 measures the run alone: the growth takes DAYS × 288 runs of two vantages.
    if days > 0:
        growth(binary, sim_binary, days)


if __name__ == "__main__":
    main()
