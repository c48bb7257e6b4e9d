"""Running one hook executable: stdin in, a time limit, the first stderr line out.

Apart from ``_hooks`` so that subprocess and signal load only when a hook runs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path


def run_hook(path: Path, stdin: bytes, env: dict[str, str], timeout: float) -> str | None:
    """Run ``path`` with ``stdin``; None when it exits 0, else why not, in one line.

    The hook runs in a session of its own, so a time-out kills what it started too (a
    ``curl`` under ``sh``), not just the shell: an orphan would hold on to the pipes.
    """
    try:
        proc = subprocess.Popen(
            [str(path)], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, env=env, cwd=path.parent, start_new_session=True,
        )  # fmt: skip
    except OSError as exc:  # not a program after all (a bad #! line, no rights)
        return f"could not run: {exc.strerror or exc}"
    try:
        _, err = proc.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        return f"no answer within {timeout:g} s; stopped"
    except BaseException:  # Ctrl+C: leave no hook running behind the user's back
        _kill(proc)
        raise
    if proc.returncode == 0:
        return None
    return _first_line(err) or _status(proc.returncode)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(OSError):  # gone already
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    # Not communicate(): a grandchild that left the session could keep the pipe open.
    if proc.stderr is not None:
        proc.stderr.close()
    if proc.stdin is not None:
        with contextlib.suppress(OSError):
            proc.stdin.close()


def _first_line(err: bytes) -> str:
    for line in err.decode("utf-8", "replace").splitlines():
        if line.strip():
            return line.strip()[:500]
    return ""


def _status(code: int) -> str:
    return f"killed by signal {-code}" if code < 0 else f"exit status {code}"
