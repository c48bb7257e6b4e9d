"""`crm mail send|import` (SH-4): mail to customers through your SMTP server, and mailboxes
read into contact records."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Annotated, Any

import typer

from crm_cli.commands import _complete, _mail_in, _mail_out
from crm_cli.commands._common import (
    FieldsOpt,
    FormatOpt,
    check_fields,
    note,
    session,
    show_record,
    show_records,
    today_or,
)
from crm_cli.i18n import N_
from crm_cli.store.core.errors import CrmError, InvalidInput

app = typer.Typer(help="Mail: send to customers through SMTP, import mailboxes as records.")
LINK_COLUMNS = ("at", "customer", "customer_name", "contact_name", "direction", "subject",
                "status", "record")  # fmt: skip
BATCH = 200  # messages per transaction: a big mailbox neither holds one lock nor one list
DryRun = Annotated[bool, typer.Option("--dry-run", help="Show what would happen; do nothing.")]


@app.command("send")
def send(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            help="Customer code, id or name, or a contact's code or name.",
            autocompletion=_complete.customers,
        ),
    ],
    template: Annotated[
        str | None,
        typer.Option("--template", "-t", help="A file: 'Subject: …' first, then the body."),
    ] = None,
    subject: Annotated[str | None, typer.Option("--subject", help="The subject.")] = None,
    body: Annotated[str | None, typer.Option("--body", help="The text; - reads stdin.")] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="A contact (name or code) or an address.")
    ] = None,
    dry_run: DryRun = False,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Send mail to a customer through your SMTP server; log it as a contact record.

    It goes to the customer's first contact with an address unless --to says
    whom. Placeholders such as {customer.name}, {contact.name} and
    {user.display} are filled in the subject and body; an unknown one stops
    the mail. Settings: mail.smtp_host, mail.from … (crm config list); the
    password from CRM_SMTP_PASSWORD or mail.password_command. The record
    (method email) is logged once the server has taken the mail.

    Example: crm mail send C000042 --template 报价.txt --to 张伟
    """
    from crm_cli.store.activity import mail

    s = session(ctx)
    actor = s.actor()
    smtp = _mail_out.smtp_settings(s.personal(), need_server=not dry_run)
    title, text = _compose(template, subject, body)
    if dry_run:
        check_fields(fields, ("from", "to", "subject", "date", "message_id", "body"))
    else:
        check_fields(fields, mail.Activity._fields)
    recipient = mail.recipient(actor, ref, to)
    at = today_or(None)
    values = _mail_out.placeholders(recipient, actor, at.date())
    title = _mail_out.fill(title, values).strip()
    if not title:
        raise InvalidInput("the mail has no subject: give --subject or a template's Subject:")
    msg = _mail_out.build(smtp, actor, recipient, title, _mail_out.fill(text, values), at)
    if dry_run:
        _show_message(s, msg, fmt, fields)
        return
    secret = _mail_out.password(s.personal()) if smtp.user else None
    _mail_out.send(smtp, msg, secret)
    try:
        record = mail.log_sent(actor, recipient, title, at)
    except CrmError as exc:  # the mail is out: say so, or the user would send it again
        raise type(exc)(f"mail sent to {recipient.address}, but not logged: {exc}") from None
    note(
        "Sent to {address}; logged as contact record {id}.", address=recipient.address, id=record.id
    )
    show_record(s, record.to_dict(), fmt, fields)


def _compose(template: str | None, subject: str | None, body: str | None) -> tuple[str, str]:
    """(subject, body) from the template, each replaced by --subject or --body if given."""
    title, text = _mail_out.read_template(template) if template else ("", "")
    if body == "-":
        body = sys.stdin.read()
    title, text = subject if subject is not None else title, body if body is not None else text
    if template is None and (subject is None or body is None):
        raise InvalidInput("nothing to send: give --template FILE, or --subject and --body")
    return title, text


def _show_message(s: Any, msg: Any, fmt: str | None, fields: str | None) -> None:
    data = _mail_out.shown(msg)
    if s.format(fmt) in ("table", "plain") and fields is None:
        heads = [f"{k}: {msg[k]}" for k in ("From", "To", "Subject", "Date", "Message-ID")]
        typer.echo("\n".join([*heads, "", data["body"].rstrip("\n")]))
    else:
        show_record(s, data, fmt, fields)
    note("Dry run: nothing sent, nothing logged.")


@app.command("import")
def import_(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="A Maildir directory or an mbox file.")],
    me: Annotated[
        list[str] | None,
        typer.Option("--me", help="Another address of yours (mail.from is one already)."),
    ] = None,
    dry_run: DryRun = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List each record.")] = False,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Log the messages of a Maildir or mbox as contact records (method email).

    A message belongs to every customer whose contact (or the customer
    itself) has its From, To or Cc address; mail from mail.from or --me is
    outgoing. Messages logged before are skipped, so importing the same
    folder again is safe. Messages from unknown addresses are only counted.
    -f json prints the counts and the records.

    Example: crm mail import ~/Maildir/INBOX --dry-run
    """
    from crm_cli.store.activity import mail

    check_fields(fields, mail.MailLink._fields)
    s = session(ctx)
    actor = s.actor()
    ours = _mail_in.own_addresses([s.personal().get("mail.from", ""), *(me or [])])
    counts: Counter[str] = Counter()
    links: list[dict[str, Any]] = []
    for batch in _batches(_mail_in.messages(path), ours, counts):
        result = mail.import_mail(actor, batch, dry_run=dry_run)
        counts["unknown"] += result.unknown
        for link in result.links:
            counts[link.status] += 1
            links.append(link.to_dict())
            if link.status == "refused" and counts["refused"] <= 5:
                note(
                    "Refused at {customer}: {subject}: {reason}",
                    customer=link.customer,
                    subject=link.subject,
                    reason=link.reason,
                )
    _report(s, counts, links, dry_run, verbose, fmt, fields)


def _batches(
    found: Iterable[Any], ours: frozenset[str], counts: Counter[str]
) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for msg in found:
        item = _to_store(msg, ours) if msg is not None else None
        if item is None:
            counts["unreadable"] += 1
            continue
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _to_store(msg: Any, ours: frozenset[str]) -> Any:
    """The store's MailMessage; None without a usable Date (a record needs its time)."""
    from crm_cli.store.activity import mail

    at = _mail_in.when(msg)
    if at is None:
        return None
    sender = _mail_in.sender(msg)
    found = mail.addresses_of([sender, *_mail_in.addresses(msg, "To", "Cc")], ours)
    title = _mail_in.subject(msg)
    lines = _mail_in.first_lines(msg)
    summary = f"{title}\n\n{lines}" if lines else title
    message_id = str(msg.get("Message-ID", "")).strip()
    return mail.MailMessage(message_id, at, title, summary, found, sender in ours)


def _report(
    s: Any,
    counts: Mapping[str, int],
    links: list[dict[str, Any]],
    dry_run: bool,
    verbose: bool,
    fmt: str | None,
    fields: str | None,
) -> None:
    linked = counts["logged"] + counts["would-log"]
    if fmt in ("json",):
        summary = {
            "linked": linked, "duplicates": counts["duplicate"], "unknown": counts["unknown"],
            "refused": counts["refused"], "unreadable": counts["unreadable"],
            "dry_run": dry_run, "records": links,
        }  # fmt: skip
        show_record(s, summary, fmt, None)
    elif dry_run or verbose or fmt is not None:
        show_records(s, links, fmt, fields, LINK_COLUMNS, empty=N_("No message to log."))
    line = f"{linked} linked, {counts['duplicate']} skipped as duplicates, "
    line += f"{counts['unknown']} unknown senders"
    for key in ("refused", "unreadable"):
        if counts[key]:
            line += f", {counts[key]} {key}"
    note(line + (" (dry run: nothing logged)." if dry_run else "."))
