"""Measures `canton-status probe` against canton-sim, and how fast `history/` grows.

Usage: probe_bench.py BINARY SIM_BINARY DAYS

1. Run time: 60 simulated SVs with 5 checks each (readyz and livez of every Scan, sequencers by
   gRPC health, rounds, versions: 300 targets), after discovery has read the network from the 60
   Scans (20 must agree); 6 SVs answer only after 6 s, so their 30 targets hang until the 5 s
   timeout. Best of 3 wall time and the prober's peak memory.
2. Growth: 40 SVs × 5 checks = 200 targets probed every 5 minutes (by `--now`) for DAYS simulated
   days, committing after every run as the scheduled job does, with an outage every few hours so
   transitions are recorded too. Prints the size of history/ on disk, and of the git repository
   after `git gc`, per day and extrapolated to 30 days (sample files roll up into daily lines
   after a day, so the folder's growth per day is flat after the second day).
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


def folder_size(path):
    return sum(os.path.getsize(os.path.join(directory, name)) for directory, _, names in os.walk(path) for name in names)


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def commit_floor():
    """What 288 commits of a one-line change in the same folder depth cost git in a day, after gc."""
    with tempfile.TemporaryDirectory(prefix="canton-status-commit-floor-") as root:
        folder = os.path.join(root, "history", "mainnet", "ci", "samples")
        os.makedirs(folder)
        subprocess.run(["git", "init", "-q", root], check=True)
        path = os.path.join(folder, "day.tsv")
        for run in range(289):
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(f"{run:06d}\trounds=12\tsequencers=30\n")
            subprocess.run(GIT + ["-C", root, "add", "-A"], check=True)
            subprocess.run(GIT + ["-C", root, "commit", "-q", "-m", f"run {run}"], check=True, stdout=subprocess.DEVNULL)
            if run == 0:
                subprocess.run(["git", "-C", root, "gc", "-q"], check=True)
                base = folder_size(os.path.join(root, ".git"))
        subprocess.run(["git", "-C", root, "gc", "-q"], check=True)
        return folder_size(os.path.join(root, ".git")) - base


def run_time(binary, sim_binary):
    now = iso(START)
    slow = [f"sv-slow:{index}:6000" for index in range(1, 7)]
    process, endpoints = start_sim(sim_binary, 60, slow, now)
    try:
        with tempfile.TemporaryDirectory(prefix="canton-status-probe-bench-") as root:
            repository(root, endpoints["seed_scan"])
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


def growth(binary, sim_binary, days):
    process, endpoints = start_sim(sim_binary, 40, [], iso(START))
    try:
        with tempfile.TemporaryDirectory(prefix="canton-status-history-bench-") as root:
            repository(root, endpoints["seed_scan"])
            git_dir = os.path.join(root, ".git")
            subprocess.run(["git", "-C", root, "gc", "-q"], check=True)
            base = folder_size(git_dir)
            sizes = []  # (history/ bytes, git bytes after gc) at the end of each simulated day
            for run in range(days * 288):
                moment = START + datetime.timedelta(minutes=5 * run)
                # An hour of a partial outage every 8 hours, so transitions are recorded as well.
                outage = (run % 96) in range(12)
                control(endpoints, "/control/clock", {"now": iso(moment)})
                control(endpoints, "/control/scenario", {"scenarios": ["svs-down:15"] if outage else ["healthy"]})
                subprocess.run([binary, "probe", "--repo", root, "--now", iso(moment), "--quiet", "--no-incidents"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                subprocess.run(GIT + ["-C", root, "add", "-A", "history"], check=True)
                subprocess.run(GIT + ["-C", root, "commit", "-q", "-m", f"probe {run}"], check=True, stdout=subprocess.DEVNULL)
                if run % 288 == 287:
                    subprocess.run(["git", "-C", root, "gc", "-q"], check=True)
                    sizes.append((folder_size(os.path.join(root, "history")), folder_size(git_dir) - base))
            history, packed = sizes[-1]
            # After the first day, sample files roll up into daily lines: growth per day is flat.
            daily_history = (sizes[-1][0] - sizes[-2][0]) if len(sizes) > 1 else history
            daily_git = (sizes[-1][1] - sizes[-2][1]) if len(sizes) > 1 else packed
            month_history = history + (30 - days) * daily_history
            month_git = packed + (30 - days) * daily_git
            print(f"growth: 200 targets every 5 min, {days} simulated days ({days * 288} runs, a commit each):")
            print(f"  history/ on disk: {history / 1024:.0f} KiB after {days} days, +{daily_history / 1024:.1f} KiB a day since; "
                  f"30 days: {month_history / 2**20:.2f} MiB" + (" (measured)" if days >= 30 else " (extrapolated)"))
            floor = commit_floor()
            print(f"  git objects after gc: +{packed / 1024:.0f} KiB, +{daily_git / 1024:.0f} KiB a day; "
                  f"30 days: {month_git / 2**20:.1f} MiB" + (" (measured)" if days >= 30 else " (extrapolated)"))
            print(f"  of which the commits themselves: 288 commits a day of a one-line change cost {floor / 1024:.0f} KiB a day in git")
    finally:
        stop_sim(process)


def main():
    binary, sim_binary, days = sys.argv[1], sys.argv[2], int(sys.argv[3])
    print(f"canton-status probe, release build, {os.cpu_count()} cores")
    run_time(binary, sim_binary)
    growth(binary, sim_binary, days)


if __name__ == "__main__":
    main()
