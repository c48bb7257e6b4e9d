"""Incoming mail for `crm mail import`: a Maildir or an mbox read one message at a time,
each turned into the store's ``MailMessage``."""

from __future__ import annotations

import datetime as dt
import html
import mailbox
import re
from collections.abc import Iterable, Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from pathlib import Path
from typing import Any, cast

from crm_cli.store.core.errors import InvalidInput

BODY_LINES = 5  # what a contact record keeps of the body: enough to recall the message
BODY_CHARS = 500
_PARSER = BytesParser(policy=policy.default)


def messages(path: str) -> Iterator[EmailMessage | None]:
    """Each message of the Maildir or mbox at ``path``; None for one that cannot be read."""
    where = Path(path)
    box: mailbox.Mailbox
    if where.is_dir():
        if not (where / "cur").is_dir() or not (where / "new").is_dir():
            raise InvalidInput(
                "{path} is a directory but not a Maildir (no cur/ and new/)", path=path
            )
        box = mailbox.Maildir(where, factory=None, create=False)
    elif where.is_file():
        box = mailbox.mbox(where, create=False)
    else:
        raise InvalidInput("no such Maildir or mbox file: {path}", path=path)
    try:
        for key in box.iterkeys():
            try:
                yield cast(EmailMessage, _PARSER.parsebytes(box.get_bytes(key)))
            except Exception:  # one broken message must not stop a mailbox of thousands
                yield None
    finally:
        box.close()


def when(msg: EmailMessage) -> dt.datetime | None:
    """The Date header in local time, as contact records keep times; None if unusable."""
    try:
        at = parsedate_to_datetime(str(msg.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        return None
    if at.tzinfo is not None:
        at = at.astimezone().replace(tzinfo=None)
    return at.replace(microsecond=0)


def addresses(msg: EmailMessage, *headers: str) -> list[str]:
    values = [str(v) for h in headers for v in msg.get_all(h, [])]
    return [address for _, address in getaddresses(values) if address]


def sender(msg: EmailMessage) -> str:
    return parseaddr(str(msg.get("From", "")))[1].strip().lower()


def own_addresses(texts: Iterable[str]) -> frozenset[str]:
    """The user's addresses ("Wang <wang@x.cn>" or bare), lower case."""
    found = (parseaddr(text)[1].strip().lower() for text in texts)
    return frozenset(a for a in found if a)


def subject(msg: EmailMessage) -> str:
    text = " ".join(str(msg.get("Subject", "")).split())
    return text or "(no subject)"


def first_lines(msg: EmailMessage) -> str:
    """The first lines of the text, without quotes of earlier mail or the signature."""
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
        text = cast(Any, part).get_content() if part is not None else ""
    except (LookupError, ValueError, AttributeError, AssertionError):
        return ""
    if part is not None and part.get_content_type() == "text/html":
        text = html.unescape(re.sub(r"<[^>]*>", "\n", text))
    kept: list[str] = []
    for line in _lines(text.splitlines()):
        kept.append(line)
        if len(kept) == BODY_LINES:
            break
    return "\n".join(kept)[:BODY_CHARS]


def _lines(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        if line.rstrip() == "--":  # the signature starts here
            return
        text = line.strip()
        if text and not text.startswith(">"):
            yield text
