"""A pgbouncer of a test's or benchmark's own in transaction mode: Debian's package, its
own config in a temporary directory, a free port, started and stopped by its user (never
the system service). It runs as ``postgres`` when started by root (pgbouncer
refuses to run as root).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

BINARY = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


def missing() -> str | None:
    """Why pgbouncer cannot run here, or None."""
    if not Path(BINARY).exists():
        return "pgbouncer is not installed (Debian: apt-get install pgbouncer)"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Bouncer:
    """``with Bouncer(dbname, host, port, logins) as b``: b.port takes the clients.

    ``passwords`` (login: password) makes pgbouncer check them (md5): the server here
    trusts every login, so this is where a wrong password can be seen refused.
    """

    def __init__(
        self, dbname: str, host: str, port: int, logins: list[str], pool_size: int = 2,
        passwords: dict[str, str] | None = None,
    ) -> None:  # fmt: skip
        self.dir = Path(tempfile.mkdtemp(prefix="crm-pgbouncer-"))
        self.port = free_port()
        secret = passwords or {}
        users = "".join(f'"{login}" "{secret.get(login, "")}"\n' for login in logins)
        (self.dir / "userlist.txt").write_text(users)
        (self.dir / "pgbouncer.ini").write_text(
            f"[databases]\n{dbname} = host={host} port={port} dbname={dbname}\n\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.port}\n"
            f"unix_socket_dir = {self.dir}\n"
            f"auth_type = {'md5' if passwords else 'trust'}\n"
            f"auth_file = {self.dir / 'userlist.txt'}\n"
            "pool_mode = transaction\n"
            "max_client_conn = 400\n"
            f"default_pool_size = {pool_size}\n"
            f"logfile = {self.dir / 'pgbouncer.log'}\n"
        )
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Bouncer:
        argv = [BINARY, str(self.dir / "pgbouncer.ini")]
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            for path in self.dir.iterdir():
                shutil.chown(path, "postgres")
            argv[1:1] = ["-u", "postgres"]
        with open(self.dir / "stderr.txt", "wb") as err:
            self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        for _ in range(100):
            if self.proc.poll() is not None:
                raise RuntimeError(f"pgbouncer exited at start: {self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.__exit__()
        raise RuntimeError(f"pgbouncer did not listen on port {self.port}: {self.log()}")

    def __exit__(self, *_: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def log(self) -> str:
        text = ""
        for name in ("pgbouncer.log", "stderr.txt"):
            path = self.dir / name
            text += path.read_text(errors="replace") if path.exists() else ""
        return text.strip()[-1500:]
