"""Reading an XLSX sheet for an import (``xlsx.rows_of``): a big one by a process of its
own, while the import checks and writes the rows read so far.

openpyxl parses the sheet's XML in Python, a third of an XLSX import's time, and a second
thread would only take turns with the import for the interpreter lock; a second process
runs on a second core. The workbook's bytes go to the reader on its standard input; the
rows come back pickled, ``BATCH`` at a time, each message after its length, then an end
mark or the reader's error. A thread of the import takes the messages off the pipe as
they come (a pipe holds 64 KiB: left alone, it would stop the reader after a few hundred
rows) and keeps them as bytes, up to ``AHEAD`` of them.

    python -m crm_cli.store.core.xlsx_sheets NAME [SHEET]   (run by ``rows_apart``)
"""

from __future__ import annotations

import pickle
import queue
import subprocess
import sys
import tempfile
import threading
from typing import IO, Any

from crm_cli.store.core.errors import InvalidInput
from crm_cli.store.core.xlsx import Rows, rows_of

BATCH = 1000  # rows a message: fewer, bigger writes through the pipe
AHEAD = 200  # messages read ahead of the import (some 20 MB)
# A workbook this big (some 20,000 rows, two seconds of reading) is read apart; a smaller
# one sooner here than a process could start.
APART = 1 << 20
_HEAD = 8  # bytes of a message's length


def sheet_rows(stream: IO[bytes], name: str, sheet: str | None = None) -> Rows:
    """``xlsx.rows_of`` of the workbook in ``stream``."""
    data = stream.read()
    return rows_apart(data, name, sheet) if len(data) >= APART else rows_of(data, name, sheet)


def rows_apart(data: bytes, name: str, sheet: str | None) -> Rows:
    """``xlsx.rows_of(data, name, sheet)``, read by a reader process. Leaving the loop early
    (a bad row elsewhere, an interrupt) stops the reader."""
    argv = [sys.executable, "-m", __name__, name, *([sheet] if sheet is not None else [])]
    with tempfile.TemporaryFile() as errors:  # a pipe nobody reads could fill and block it
        reader = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=errors)  # fmt: skip
        assert reader.stdin is not None and reader.stdout is not None
        mailbox: queue.Queue[bytes | None] = queue.Queue(AHEAD)
        stop = threading.Event()
        pump = threading.Thread(target=_pump, args=(reader.stdout, mailbox, stop), daemon=True)
        pump.start()
        try:
            try:
                with reader.stdin:  # the reader reads all of it before it answers
                    reader.stdin.write(data)
            except BrokenPipeError:  # it died at once: _answers says why
                pass
            yield from _answers(mailbox, errors)
        finally:
            stop.set()
            if reader.poll() is None:
                reader.kill()
            reader.wait()
            pump.join()


def _pump(answers: IO[bytes], mailbox: queue.Queue[bytes | None], stop: threading.Event) -> None:
    """The reader's messages into ``mailbox`` as they come, then None."""
    message: bytes | None = b""
    while message is not None and not stop.is_set():
        head = answers.read(_HEAD)
        message = answers.read(int.from_bytes(head, "little")) if len(head) == _HEAD else None
        while not stop.is_set():
            try:
                mailbox.put(message, timeout=0.1)
                break
            except queue.Full:
                continue


def _answers(mailbox: queue.Queue[bytes | None], errors: IO[bytes]) -> Rows:
    while True:
        message = mailbox.get()
        if message is None:  # the reader died (killed, out of memory): say what it said
            errors.seek(0)
            said = errors.read().decode(errors="replace").strip().splitlines()
            raise RuntimeError(f"the XLSX reader stopped: {said[-1] if said else '-'}")
        kind, found = pickle.loads(message)
        if kind == "rows":
            yield from found
        elif kind == "refused":
            template, params = found
            raise InvalidInput(template, **params)
        else:
            return


def _send(out: IO[bytes], message: tuple[str, Any]) -> None:
    body = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    out.write(len(body).to_bytes(_HEAD, "little"))
    out.write(body)


def main() -> None:
    """The reader: the workbook on standard input, its rows as messages on standard output."""
    name, sheet = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
    out = sys.stdout.buffer
    rows: list[Any] = []
    try:
        for row in rows_of(sys.stdin.buffer.read(), name, sheet):
            rows.append(row)
            if len(rows) == BATCH:
                _send(out, ("rows", rows))
                rows = []
    except InvalidInput as exc:  # sent as its template and params: a face translates it
        params = {k: v if isinstance(v, str | int) else str(v) for k, v in exc.params.items()}
        ending: tuple[str, Any] = ("refused", (exc.template or str(exc), params))
    else:
        ending = ("end", None)
    _send(out, ("rows", rows))
    _send(out, ending)
    out.flush()


if __name__ == "__main__":
    main()
