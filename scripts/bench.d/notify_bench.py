"""Measures `canton-status notify`: finding events in a large repository, and delivering them.

Usage: notify_bench.py BINARY REPO_ROOT N

1. Detection: a repository with N incidents (the build benchmark's generator) gets one commit that
   changes 3 files (a new incident, an update appended to two others). `notify --dry-run` over that
   commit finds the events; libgit2 compares trees by id, so the cost should follow the 3 changed
   files, not the N unchanged ones. Best of 3 wall time, peak memory of the tool.
2. Delivery: a commit with 100 new incidents; `notify` sends their 100 events (and the maintenance
   starts and reminders the generated windows have due at --now) to a real Standard
   Webhooks receiver on 127.0.0.1 (Tests/Receivers/notify_receivers.py, which verifies every
   signature) and records each in the ledger. Best of 3, with the ledger removed between runs.
"""
import base64
import json
import os
import subprocess
import sys
import tempfile

from benchlib import run_measured
from build_bench import components_yml, generate

NOW = "2026-11-24T12:00Z"
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false"]


def commit(root, message, date):
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(GIT + ["-C", root, "add", "-A"], check=True)
    subprocess.run(GIT + ["-C", root, "commit", "-q", "-m", message], check=True, env=env)


def recent_incident(name, minute, updates=1):
    statuses = ["investigating", "identified", "monitoring", "resolved"]
    timeline = "".join(f"  - at: 2026-11-24T10:{minute + step:02d}Z\n    status: {statuses[step]}\n    text: Step {step + 1}.\n"
                       for step in range(updates))
    return (f"incidents/2026-11-24-{name}.md",
            f"---\ntitle: \"{name}\"\nenvironments: [mainnet]\nimpact: {{c01: partial-outage}}\nupdates:\n{timeline}---\n")


def write(root, files):
    for name, text in files:
        with open(os.path.join(root, name), "w", encoding="utf-8") as handle:
            handle.write(text)


def main():
    binary, repo_root, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    print(f"canton-status notify, release build, {os.cpu_count()} cores, best of 3, generated content flushed to disk first")
    with tempfile.TemporaryDirectory(prefix="canton-status-notify-bench-") as root:
        generate(root, size)
        config = components_yml() + ("notifications:\n  - {id: partners, type: webhook, url: \"${HOOK_URL}\", "
                                     "secret: \"${HOOK_SECRET}\"}\n")
        write(root, [("components.yml", config), recent_incident("first", 0), recent_incident("second", 10)])
        subprocess.run(["git", "init", "-q", root], check=True)
        commit(root, "generated", "2026-11-24T10:30:00Z")

        # 3 changed files: one new incident, one update appended to each of two others.
        write(root, [recent_incident("third", 20), recent_incident("first", 0, 2), recent_incident("second", 10, 2)])
        commit(root, "three changes", "2026-11-24T10:40:00Z")
        wall, peak, code, output = run_measured(
            [binary, "notify", "--repo", root, "--from", "HEAD~1", "--to", "HEAD", "--now", NOW, "--dry-run"])
        if code != 0:
            raise SystemExit(f"notify --dry-run failed (exit {code}): {output.decode()[:2000]}")
        events = output.decode().splitlines()[0]
        print(f"detect: {size} incidents, 3 changed files: wall {wall * 1000:.0f} ms, peak {peak:.1f} MiB ({events})")

        write(root, [recent_incident(f"burst-{index:03d}", index % 50) for index in range(100)])
        commit(root, "a hundred incidents", "2026-11-24T11:00:00Z")
        secret = "whsec" + "_" + base64.b64encode(os.urandom(32)).decode()
        with tempfile.TemporaryDirectory(prefix="canton-status-receivers-") as records:
            receiver = subprocess.Popen(
                [sys.executable, os.path.join(repo_root, "Tests/Receivers/notify_receivers.py"), "--dir", records],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=dict(os.environ, RECEIVER_WEBHOOK_SECRET=secret))
            try:
                ports = json.loads(receiver.stdout.readline())
                env = dict(os.environ, HOOK_URL=f"http://127.0.0.1:{ports['webhook']}/bench", HOOK_SECRET=secret)
                ledger = os.path.join(root, "notify", "ledger.json")
                best = None
                for _ in range(3):
                    if os.path.exists(ledger):
                        os.remove(ledger)
                    os.environ.update(env)
                    wall, peak, code, output = run_measured(
                        [binary, "notify", "--repo", root, "--from", "HEAD~1", "--to", "HEAD", "--now", NOW, "--quiet"], runs=1)
                    if code != 0:
                        raise SystemExit(f"notify failed (exit {code}): {output.decode()[:2000]}")
                    best = (wall, peak) if best is None or wall < best[0] else best
                with open(os.path.join(records, "webhook.jsonl"), encoding="utf-8") as handle:
                    received = [json.loads(line) for line in handle]
                verified = sum(1 for record in received if record["verified"])
                with open(ledger, encoding="utf-8") as handle:
                    delivered = len(json.load(handle)["delivered"])
                print(f"deliver: {delivered} events (100 new incidents, the rest maintenance due at --now) to a local "
                      f"Standard Webhooks receiver: wall {best[0]:.3f} s, peak {best[1]:.1f} MiB; "
                      f"{len(received)} requests over 3 runs, {verified} signatures verified by the receiver")
            finally:
                receiver.stdin.close()
                receiver.kill()
                receiver.wait()


if __name__ == "__main__":
    main()
