"""A tiny SMTP server for tests (the stdlib's smtpd is gone in 3.12): enough of RFC 5321
for smtplib (EHLO/HELO, AUTH PLAIN, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT) on
127.0.0.1 and a free port, keeping what it receives."""

from __future__ import annotations

import base64
import socketserver
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, NamedTuple, cast


class Received(NamedTuple):
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return cast(EmailMessage, message_from_bytes(self.data, policy=policy.default))


class _Handler(socketserver.StreamRequestHandler):
    server: SmtpDouble

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 double ESMTP ready")
        sender, recipients = "", list[str]()
        while line := self.rfile.readline():
            verb, _, arg = line.decode("utf-8", "replace").strip().partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                self.reply("250-double")
                self.reply("250-8BITMIME")
                self.reply("250 AUTH PLAIN" if self.server.login else "250 HELP")
            elif verb == "HELO":
                self.reply("250 double")
            elif verb == "AUTH":
                self.reply(self._auth(arg))
            elif verb == "MAIL":
                sender, recipients = arg.partition(":")[2].strip().split()[0].strip("<>"), []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(arg.partition(":")[2].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                self.server.received.append(Received(sender, recipients, self._data()))
                self.reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")

    def _auth(self, arg: str) -> str:
        mechanism, _, payload = arg.partition(" ")
        if mechanism.upper() != "PLAIN" or not payload:
            return "504 only AUTH PLAIN with an initial response"
        _, user, password = base64.b64decode(payload).decode().split("\0")
        if (user, password) == self.server.login:
            return "235 authenticated"
        return "535 5.7.8 authentication failed"

    def _data(self) -> bytes:
        lines: list[bytes] = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)  # dot-unstuffing
        return b"".join(lines).replace(b"\r\n", b"\n")  # as a mail store keeps it


class SmtpDouble(socketserver.ThreadingTCPServer):
    """Start with ``with SmtpDouble() as smtp:``; ``smtp.port``, ``smtp.received``."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, login: tuple[str, str] | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.login = login
        self.received: list[Received] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def __enter__(self) -> SmtpDouble:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)
