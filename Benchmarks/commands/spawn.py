"""Runs one command as a whole process; prints `SECONDS PEAK_RSS_KB EXIT_CODE`.

  python -S -E spawn.py STDOUT_FILE STDERR_FILE -- COMMAND ARG...

Why a process of its own: Linux starts a child's peak RSS (ru_maxrss) at the
RSS of the process that forked it, so a command forked by the benchmark
driver (which holds its inputs' buffers) would report at least the driver's
size. This launcher is a bare interpreter (~5 MB), forks the command, times
it and reads its peak RSS with wait4. Peak RSS below the launcher's own size
reads as that size.
"""
import os
import sys
import time


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.stderr.write("usage: spawn.py STDOUT_FILE STDERR_FILE -- COMMAND ARG...\n")
        return 2
    out = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    err = os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    null = os.open(os.devnull, os.O_RDONLY)
    argv = sys.argv[4:]
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.dup2(null, 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        try:
            os.execvp(argv[0], argv)
        except OSError as e:
            os.write(2, f"spawn.py: cannot run {argv[0]}: {e}\n".encode())
        os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    print(f"{seconds:.6f} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
