"""Outgoing mail for `crm mail send`: the SMTP settings, templates, the message, the send.

Everything here happens outside the store: the record is logged only after the server
has accepted the message.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shlex
import string
import subprocess
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from pathlib import Path
from typing import Any, NamedTuple

from crm_cli.store.core.errors import InvalidInput

TIMEOUT = 30  # seconds for each step with the server: a dead server must not hang a script
PASSWORD_ENV = "CRM_SMTP_PASSWORD"
GROUPS = "use {customer.FIELD}, {contact.FIELD}, {user.login|display|department} or {today}"


class Smtp(NamedTuple):
    host: str
    port: int
    user: str
    sender: str  # the From address, as configured (maybe with a name)
    starttls: bool
    ssl: bool


def smtp_settings(personal: Mapping[str, str], *, need_server: bool) -> Smtp:
    """The personal ``mail.*`` settings; refuses what a send cannot do without."""
    sender = personal.get("mail.from", "").strip()
    if not parseaddr(sender)[1]:
        raise InvalidInput("no sender address: crm config set mail.from you@example.com")
    host = personal.get("mail.smtp_host", "").strip()
    if need_server and not host:
        raise InvalidInput("no SMTP server: crm config set mail.smtp_host smtp.example.com")
    tls, starttls = (personal.get(k, "") == "true" for k in ("mail.ssl", "mail.starttls"))
    port_text = personal.get("mail.smtp_port", "").strip()
    try:
        port = int(port_text) if port_text else (465 if tls else 587 if starttls else 25)
    except ValueError:
        raise InvalidInput(
            "invalid mail.smtp_port {port_text!r}: expected a number", port_text=port_text
        ) from None
    user = personal.get("mail.smtp_user", "").strip()
    return Smtp(host, port, user, sender, starttls, tls)


def password(personal: Mapping[str, str]) -> str:
    """CRM_SMTP_PASSWORD, else what mail.password_command prints, else mail.password."""
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    command = personal.get("mail.password_command", "").strip()
    if not command:
        if personal.get("mail.password"):
            return personal["mail.password"]
        raise InvalidInput(
            "no SMTP password: set {PASSWORD_ENV} or mail.password_command (pass show smtp)",
            PASSWORD_ENV=PASSWORD_ENV,
        )
    try:
        done = subprocess.run(
            shlex.split(command), capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
        raise InvalidInput("mail.password_command failed: {exc}", exc=exc) from None
    if done.returncode != 0 or not done.stdout.strip():
        raise InvalidInput(
            "mail.password_command exited {returncode} without a password",
            returncode=done.returncode,
        )
    return done.stdout.splitlines()[0]  # `pass` prints the password on the first line


class _Strict(string.Formatter):
    """Placeholders only from a flat mapping: `{customer.name}` is one key, so a template
    cannot reach attributes of Python objects (`{customer.__class__}`)."""

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        if field_name not in kwargs:
            close = difflib.get_close_matches(field_name, kwargs, n=1)
            hint = f"did you mean {{{close[0]}}}?" if close else GROUPS
            raise InvalidInput(
                "unknown placeholder {{{field_name}}}: {hint}", field_name=field_name, hint=hint
            )
        return kwargs[field_name], field_name


def fill(text: str, values: Mapping[str, str]) -> str:
    try:
        return _Strict().vformat(text, (), dict(values))
    except (ValueError, IndexError) as exc:
        raise InvalidInput(
            "invalid template: {exc}; write {{{{ for a literal {{", exc=exc
        ) from None


def placeholders(to: Any, user: Any, today: dt.date) -> dict[str, str]:
    """``customer.*``, ``contact.*``, ``user.*`` and ``today`` as text.

    Without a contact, ``contact.*`` is empty but ``contact.name`` is the customer's
    name, so that "Dear {contact.name}" still greets someone.
    """
    values: dict[str, str] = {"today": today.isoformat()}
    customer = to.customer.to_dict()
    customer.pop("custom", None)
    for key, value in customer.items():
        values[f"customer.{key}"] = _text(value)
    fields = to.contact._fields if to.contact else ("code", "name", "title", "email", "mobile")
    for key in fields:
        values[f"contact.{key}"] = _text(getattr(to.contact, key)) if to.contact else ""
    if to.contact is None:
        values["contact.name"] = to.customer.name
    values["contact.email"] = to.address
    values.update({"user.login": user.login, "user.display": user.display or user.login,
                   "user.department": user.department})  # fmt: skip
    return values


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return ", ".join(map(str, value))
    return str(value)


def read_template(path: str) -> tuple[str, str]:
    """(subject, body) of a template: a ``Subject:`` line first, then the body."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput("cannot read template {path}: {exc}", path=path, exc=exc) from None
    first, _, body = text.partition("\n")
    name, sep, subject = first.partition(":")
    if not sep or name.strip().lower() != "subject":
        raise InvalidInput("template {path}: the first line must be 'Subject: …'", path=path)
    if body.startswith("\n"):  # the blank line after the header, as in a message
        body = body[1:]
    return subject.strip(), body


def build(smtp: Smtp, user: Any, to: Any, subject: str, body: str, at: dt.datetime) -> Any:
    """The message: UTF-8 (headers encoded as RFC 2047 asks), dated ``at`` (local time)."""
    name, address = parseaddr(smtp.sender)
    msg = EmailMessage()
    msg["From"] = formataddr((name or user.display or user.login, address))
    person = to.contact.name if to.contact else to.customer.name
    msg["To"] = formataddr((person, to.address))
    msg["Subject"] = subject
    msg["Date"] = format_datetime(at.astimezone())
    msg["Message-ID"] = make_msgid(domain=address.rpartition("@")[2] or None)
    msg.set_content(body if body.endswith("\n") else body + "\n")
    return msg


def send(smtp: Smtp, msg: Any, secret: str | None) -> None:
    """Hand ``msg`` to the server; any failure is one InvalidInput line (exit 1)."""
    import smtplib
    import ssl

    where = f"{smtp.host}:{smtp.port}"
    try:
        context = ssl.create_default_context()
        if smtp.ssl:
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=TIMEOUT, context=context
            )
        else:
            server = smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT)
        with server:
            if smtp.starttls:
                server.starttls(context=context)
            if smtp.user:
                server.login(smtp.user, secret or "")
            server.send_message(msg)
    except smtplib.SMTPResponseException as exc:
        reply = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else exc.smtp_error
        )
        raise InvalidInput(
            "mail not sent: {where} answered {smtp_code} {reply}",
            where=where,
            smtp_code=exc.smtp_code,
            reply=reply,
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise InvalidInput(
            "mail not sent: cannot talk to {where}: {reason}", where=where, reason=reason
        ) from None


def shown(msg: Any) -> dict[str, str]:
    """The message as a person reads it (headers decoded): what --dry-run prints."""
    heads = ("From", "To", "Subject", "Date", "Message-ID")
    data = {h.lower().replace("-", "_"): str(msg[h]) for h in heads}
    data["body"] = msg.get_content()
    return data
