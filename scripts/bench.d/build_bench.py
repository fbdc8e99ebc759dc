"""Generates a large status repository and measures `canton-status build` on it.

Usage: build_bench.py BINARY REPO_ROOT N [N ...]

For each N: N incidents (4 updates each, spread over the year before --now) and N/10 maintenance
windows, on 3 networks with 20 components in 3 groups. The site is built into a folder inside the
generated repository; wall time is the best of 3 full builds, each into a new output folder on a
flushed disk (see `output_folders`), and peak memory is the build's own (wait4).
The build's own `--timings` split that run into validating + rendering (files are written into the
staging folder meanwhile, by a background writer) and what was left to wait for: the rest of the
writing and the swap (no previous site is removed in these runs). That part depends mostly on the
file system. Replacing an existing site also removes the old one after the swap, which costs what
the disk makes it cost (on ext4 here: about 0.1 s for 10k files still in the page cache, 0.7 s or
more once they were written out); it is not part of these figures.
The last line compares the growth between the two largest sizes with their ratio.

Then the cost of what the probes measured: the smallest size is built again with a year of
`history/` (`history_fixture.py`: two vantages, 200 SV targets, transitions past 1 MiB), and the
difference to the same content without history is printed.
"""
import gzip
import os
import re
import shutil
import sys
import tempfile
from datetime import datetime, timezone

from benchlib import commit_all, run_measured
from history_fixture import move_to_data_branches, write_history

NOW = "2026-11-24T12:00Z"
NOW_DAY = 365  # day index of NOW inside the generated year, counted from 2025-11-24
ENVIRONMENTS = ["mainnet", "testnet", "devnet"]
GROUPS = ["synchronizer", "apis", "super-validators"]
COMPONENT_COUNT = 20
STATES = ["degraded-performance", "partial-outage", "major-outage"]
STATUSES = ["investigating", "identified", "monitoring", "resolved"]
MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def date_of(day_index):
    """YYYY-MM-DD of the given day counted from 2025-11-24."""
    year, month, day = 2025, 11, 24 + day_index
    while day > MONTH_DAYS[month - 1]:
        day -= MONTH_DAYS[month - 1]
        month += 1
        if month > 12:
            month, year = 1, year + 1
    return f"{year}-{month:02d}-{day:02d}"


def components_yml():
    lines = [
        "page: {title: Canton Network Status, url: \"https://status.example.org\", maintenance_notice: 48h}",
        "environments:",
        "  - {id: mainnet, name: MainNet, scan: \"https://scan.sv-1.global.canton.network.sync.global\"}",
        "  - {id: testnet, name: TestNet, scan: \"https://scan.sv-1.test.global.canton.network.sync.global\"}",
        "  - {id: devnet, name: DevNet, scan: \"https://scan.sv-1.dev.global.canton.network.sync.global\"}",
        "groups:",
    ]
    lines += [f"  - {{id: {group}, name: Group {group}}}" for group in GROUPS]
    lines.append("components:")
    for index in range(COMPONENT_COUNT):
        sla = ", sla: 99.9%" if index % 2 == 0 else ""
        lines.append(f"  - {{id: c{index:02d}, name: Component {index}, group: {GROUPS[index % 3]}{sla}}}")
    return "\n".join(lines) + "\n"


def incident(index):
    day = date_of(index % NOW_DAY)
    minute = index % 50
    first, second = f"c{index % COMPONENT_COUNT:02d}", f"c{(index * 7 + 3) % COMPONENT_COUNT:02d}"
    impact = f"  {first}: {STATES[index % 3]}\n" + (f"  {second}: degraded-performance\n" if first != second else "")
    updates = "".join(
        f"  - at: {day}T{10 + step}:{minute:02d}Z\n    status: {status}\n"
        f"    text: Step {step + 1} of incident {index}; **{status}**, see the [runbook](https://docs.example.org/runbook).\n"
        for step, status in enumerate(STATUSES))
    text = (f"---\ntitle: \"Incident {index}: elevated latency\"\nenvironments: [{ENVIRONMENTS[index % 3]}]\n"
            f"impact:\n{impact}updates:\n{updates}---\n\n## Summary\n\nLatency was high for three hours.\n\n"
            "| step | owner |\n|---|---|\n| roll back | SV ops |\n")
    return f"incidents/{day}-incident-{index}.md", text


def maintenance(index):
    day = date_of((index * 13) % (NOW_DAY + 20))
    text = (f"---\ntitle: \"Maintenance {index}\"\nstart: {day}T14:00Z\nend: {day}T18:00Z\n"
            f"environments: [{ENVIRONMENTS[index % 3]}]\ncomponents: [c{index % COMPONENT_COUNT:02d}, c01]\n"
            "impact: partial-outage\nshort_notice: Generated for the benchmark.\nreferences: [CIP-0089]\n---\n\n"
            "Super Validators upgrade one at a time.\n")
    return f"maintenance/{day}-window-{index}.md", text


def generate(root, count):
    os.makedirs(os.path.join(root, "incidents"))
    os.makedirs(os.path.join(root, "maintenance"))
    files = [("components.yml", components_yml())]
    files += [incident(index) for index in range(count)]
    files += [maintenance(index) for index in range(count // 10)]
    for name, text in files:
        with open(os.path.join(root, name), "w", encoding="utf-8") as handle:
            handle.write(text)


def site_size(folder):
    count, total = 0, 0
    for directory, _, names in os.walk(folder):
        for name in names:
            count += 1
            total += os.path.getsize(os.path.join(directory, name))
    return count, total


def output_folders(root, name):
    """A new output folder for each measured run, as a full build in CI starts without one. None is
    deleted until every measurement is done (the generated repositories live until the end too):
    on ext4, a file created within a minute of deleting thousands makes the inode allocator read
    past each recently freed inode (`recently_deleted`), which here cost 0.3 to 2 s of kernel time
    per build. A CI runner starts without that backlog."""
    return lambda run: os.path.join(root, f"{name}-{run}")


def measure(binary, root, name):
    """Best of 3 builds of `root`, each into its own new folder: wall time, peak memory, the `--timings`
    output of the best run, and a function giving the output folder of a run (run 0's stays to be read)."""
    out = output_folders(root, name)
    wall, peak, code, output = run_measured(
        lambda run: [binary, "build", "--repo", root, "--out", out(run), "--now", NOW, "--quiet", "--timings"])
    if code != 0:
        print(output.decode()[:3000], file=sys.stderr)
        raise SystemExit(f"build failed on generated content (exit {code})")
    return wall, peak, output, out


def repository(repo_root, size, prefix):
    """A committed repository of generated content using this repository's templates."""
    root = scratch_folder(prefix)
    generate(root, size)
    # The templates are the real ones; a link keeps the generated repository from copying them.
    os.symlink(os.path.join(repo_root, "site-template"), os.path.join(root, "site-template"))
    commit_all(root)
    return root


def build(binary, root, name):
    """Best-of-3 wall time, the `--timings` validate-and-render time, and peak memory of one build."""
    wall, peak, output, _ = measure(binary, root, name)
    timing = re.search(rb"validate and render ([0-9.]+) s", output)
    return wall, float(timing.group(1)) if timing else float("nan"), peak


def history_cost(binary, repo_root, size):
    """The same content built without probe history, with a year of it from two vantages in
    history/, and with a year of twenty vantages' on their data branches (status-data/<vantage>),
    read through libgit2 as the CI build reads them."""
    print(f"\nwith a year of history on mainnet (200 SV targets + 15 URLs per vantage), {size} incidents:")
    print(f"{'history':>26} {'wall s':>8} {'render s':>9} {'peak MiB':>9} {'history MiB':>12}")
    root = repository(repo_root, size, "canton-status-build-bench-history-")
    rows = [("none", build(binary, root, "_site-without-history"), 0)]
    now = int(datetime(2026, 11, 24, 12, tzinfo=timezone.utc).timestamp())
    components = [f"c{index:02d}" for index in range(COMPONENT_COUNT)]
    write_history(root, now, components)
    _, history_bytes = site_size(os.path.join(root, "history"))
    rows.append(("2 vantages, history/", build(binary, root, "_site-with-history"), history_bytes))
    shutil.rmtree(os.path.join(root, "history"))
    write_history(root, now, components, vantages=[f"vantage-{index:02d}" for index in range(20)])
    _, history_bytes = site_size(os.path.join(root, "history"))
    move_to_data_branches(root, GIT)
    rows.append(("20 vantages, data branches", build(binary, root, "_site-with-branches"), history_bytes))
    for label, (wall, render, peak), history in rows:
        print(f"{label:>26} {wall:8.3f} {render:9.3f} {peak:9.1f} {history / 2**20:12.1f}")
    without = rows[0][1]
    for label, measured, _ in rows[1:]:
        print(f"{label} adds {measured[1] - without[1]:.3f} s to validating and rendering (wall {measured[0] - without[0]:+.3f} s)")


GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false"]
SCRATCH = []


def scratch_folder(prefix):
    """A temporary folder removed only when the whole benchmark is done (see `output_folders`)."""
    SCRATCH.append(tempfile.mkdtemp(prefix=prefix))
    return SCRATCH[-1]


def main():
    binary, repo_root, *sizes = sys.argv[1:]
    print(f"canton-status build, release build, {os.cpu_count()} cores, best of 3, each into a new output folder on a flushed disk")
    print(f"{'incidents':>10} {'windows':>8} {'wall s':>8} {'render s':>9} {'write s':>8} {'peak MiB':>9} "
          f"{'files out':>10} {'MiB out':>8} {'overview KB':>12} {'gzipped KB':>11}")
    walls = []
    try:
        for size in map(int, sizes):
            root = repository(repo_root, size, "canton-status-build-bench-")
            wall, peak, output, out = measure(binary, root, "_site")
            files, total = site_size(out(0))
            overview = os.path.getsize(os.path.join(out(0), "index.html")) / 1024
            # What a reader downloads from a host that compresses HTML (GitHub Pages, CloudFront do).
            with open(os.path.join(out(0), "index.html"), "rb") as handle:
                gzipped = len(gzip.compress(handle.read(), compresslevel=6)) / 1024
            # `--timings` splits the run: validate + render (CPU) and write (the file system's speed).
            timing = re.search(rb"validate and render ([0-9.]+) s, write ([0-9.]+) s", output)
            render, write = (float(timing.group(1)), float(timing.group(2))) if timing else (float("nan"), float("nan"))
            print(f"{size:10d} {size // 10:8d} {wall:8.3f} {render:9.3f} {write:8.3f} {peak:9.1f} "
                  f"{files:10d} {total / 2**20:8.1f} {overview:12.1f} {gzipped:11.1f}")
            walls.append((size, wall))
        if len(walls) >= 2:
            (small, small_wall), (large, large_wall) = walls[-2], walls[-1]
            print(f"growth {small} → {large}: {large_wall / small_wall:.2f}x the time for {large / small:.2f}x the content")
        history_cost(binary, repo_root, int(sizes[0]))
    finally:
        for folder in SCRATCH:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
