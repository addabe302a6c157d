"""Peak memory of a command, measured in a process of its own."""

import subprocess
import sys

# A small Python parent that runs the command and reports its children's peak RSS. Measuring
# a child of the test process itself would not do: Linux carries the peak RSS across exec,
# so a child spawned by a 300 MB pytest starts out "peaking" at 300 MB.
WRAPPER = (
    "import resource, subprocess, sys\n"
    "result = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "sys.stderr.write(result.stderr)\n"
    "sys.stdout.write(result.stdout)\n"
    "print('peak-kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(result.returncode)\n"
)


def run_measuring_peak(argv, *, env, cwd, timeout=300) -> tuple[subprocess.CompletedProcess, float]:
    """Runs ``argv``; returns the finished process (its output without the measurement) and
    its peak resident memory in MB."""
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output, _, peak_kb = result.stdout.rpartition("peak-kb ")
    result.stdout = output
    return result, int(peak_kb) / 1024
