"""What both benchmarks share: committing generated content, and measuring a child process."""
import os
import subprocess
import time


def run_measured(command, runs=3):
    """Best wall time (s), the peak RSS (MiB) of that run read from wait4(), its exit status and stdout.

    What the generator wrote (content, git objects) is flushed to disk first: otherwise the kernel
    writes it back while the first runs read and write, and the figure is the disk's backlog, not
    the tool. Each run starts on a flushed disk too, so it does not pay for writing back what the
    run before it wrote. `command` is the argument list, or a function of the run's number (0, 1, …)
    that returns it.
    """
    best = None
    for run in range(runs):
        os.sync()
        arguments = command(run) if callable(command) else command
        start = time.perf_counter()
        process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        output = process.stdout.read()
        errors = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss / 1024
        if best is None or wall < best[0]:
            best = (wall, peak, code, output + errors)
    return best


def commit_all(root):
    """`git init` and one commit of everything, dated 2026-01-01 so the notice rule sees old files."""
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", root], check=True)
    subprocess.run(git + ["-C", root, "add", "-A"], check=True)
    env = dict(os.environ, GIT_AUTHOR_DATE="2026-01-01T00:00:00Z", GIT_COMMITTER_DATE="2026-01-01T00:00:00Z")
    subprocess.run(git + ["-C", root, "commit", "-q", "-m", "generated"], check=True, env=env)
