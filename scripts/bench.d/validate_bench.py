"""Generates large status repositories and measures `canton-status validate` on them.

Usage: validate_bench.py BINARY REPO_ROOT N [N ...]

Each measurement runs the binary as a child process and reads its peak resident set size from
wait4(), so the figure is the validator's own, not this script's.
"""
import os
import shutil
import sys
import tempfile

from benchlib import commit_all, run_measured

NOW = "2026-11-24T12:00Z"
ENVIRONMENTS = ["mainnet", "testnet", "devnet"]
COMPONENTS = ["rounds", "sequencers", "scan-api", "sv-app", "sv-availability", "versions"]
STATES = ["degraded-performance", "partial-outage", "major-outage"]


def incident(index):
    day = 1 + index % 28
    month = 1 + (index // 28) % 10
    env = ENVIRONMENTS[index % 3]
    component = COMPONENTS[index % len(COMPONENTS)]
    name = f"incidents/2026-{month:02d}-{day:02d}-generated-incident-{index}.md"
    text = f"""---
title: "Generated incident {index}: elevated latency on {component}"
environments: [{env}]
impact:
  {component}: {STATES[index % 3]}
updates:
  - at: 2026-{month:02d}-{day:02d}T10:{index % 60:02d}Z
    status: investigating
    text: We are investigating elevated latency on {component}.
  - at: 2026-{month:02d}-{day:02d}T11:{index % 60:02d}Z
    status: identified
    text: A configuration change on one Super Validator is the cause.
  - at: 2026-{month:02d}-{day:02d}T12:{index % 60:02d}Z
    status: resolved
    text: The change was rolled back; latency is back to normal.
---

## Summary

Between 10:{index % 60:02d} and 12:{index % 60:02d} UTC the {component} component was slow.

| step | owner |
|---|---|
| roll back | SV ops |
"""
    return name, text


def maintenance(index):
    day = 1 + index % 28
    month = 1 + (index // 28) % 10
    name = f"maintenance/2026-{month:02d}-{day:02d}-generated-window-{index}.md"
    text = f"""---
title: "Generated maintenance {index}"
start: 2026-{month:02d}-{day:02d}T14:00Z
end: 2026-{month:02d}-{day:02d}T18:00Z
environments: [{ENVIRONMENTS[index % 3]}]
components: [sequencers, rounds]
impact: major-outage
short_notice: Generated for the benchmark.
references: [CIP-0089]
---

Super Validators upgrade one at a time.
"""
    return name, text


def generate(root, source_repo, count):
    shutil.copy(os.path.join(source_repo, "components.yml"), os.path.join(root, "components.yml"))
    os.makedirs(os.path.join(root, "incidents"))
    os.makedirs(os.path.join(root, "maintenance"))
    for index in range(count):
        name, text = incident(index) if index % 10 else maintenance(index)
        with open(os.path.join(root, name), "w", encoding="utf-8") as handle:
            handle.write(text)
    commit_all(root)


def measure(binary, root):
    return run_measured([binary, "validate", "--repo", root, "--now", NOW, "--format", "json"])


def main():
    binary, repo_root, *sizes = sys.argv[1:]
    print(f"canton-status validate, release build, {os.cpu_count()} cores, best of 3, generated content flushed to disk first")
    print(f"{'content':>28} {'files':>7} {'wall s':>8} {'peak MiB':>9} {'files/s':>9} {'exit':>5}")
    wall, peak, code, _ = measure(binary, repo_root)
    print(f"{'this repository':>28} {'-':>7} {wall:8.3f} {peak:9.1f} {'-':>9} {code:>5}")
    for size in map(int, sizes):
        with tempfile.TemporaryDirectory(prefix="canton-status-bench-") as root:
            generate(root, repo_root, size)
            wall, peak, code, output = measure(binary, root)
            if code != 0:
                print(output.decode()[:2000], file=sys.stderr)
                raise SystemExit(f"validate failed on generated content (exit {code})")
            print(f"{'generated':>28} {size:7d} {wall:8.3f} {peak:9.1f} {size / wall:9.0f} {code:>5}")


if __name__ == "__main__":
    main()
