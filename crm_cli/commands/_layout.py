"""Text laid out in terminal columns: display widths (CJK counts two), padding, and the
aligned and Markdown tables that `plain`, `markdown` and printed documents use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

FLATTEN = str.maketrans("\t\n\r", "   ")
# Code-point ranges that are two columns wide in every terminal: the CJK ideographs,
# punctuation and fullwidth forms of Chinese text. Knowing them spares most output the
# import of wcwidth's tables (and a regex here would cost as much to compile).
WIDE_RANGES = (
    (0x3000, 0x3029), (0x3030, 0x303E), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF), (0xFF01, 0xFF60),
)  # fmt: skip


def one_line(text: str) -> str:
    """Text with tabs and line breaks made spaces, for line-oriented formats."""
    if "\n" not in text and "\t" not in text and "\r" not in text:
        return text  # nearly every cell: three scans cost less than one translate
    return text.replace("\r\n", " ").translate(FLATTEN)


def print_rich(
    header: list[str] | None,
    cells: Sequence[Sequence[str]],
    right: list[bool],
    out: TextIO,
    title: str | None,
) -> None:
    """Print a rich table; without ``header`` it is a key/value view with bold keys."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_header=header is not None)
    for index, flush_right in enumerate(right):
        table.add_column(
            Text(header[index]) if header else "",
            justify="right" if flush_right else "left",
            style="bold" if header is None and index == 0 else None,
            overflow="fold",  # wrap long values rather than cut them with an ellipsis
        )
    for line in cells:
        # Text, not str: "[VIP]" or ":smile:" in data must not be read as rich markup.
        table.add_row(*(Text(cell) for cell in line))
    Console(file=out, highlight=False, emoji=False).print(table)


def write_aligned(lines: Sequence[Sequence[str]], right: list[bool], out: TextIO) -> None:
    """Cells padded to their column's display width, two spaces apart, no trailing blanks."""
    lines = [[one_line(cell) for cell in line] for line in lines]
    measured = sizes(lines)
    widths = [max(column) for column in zip(*measured, strict=True)]
    for line, size in zip(lines, measured, strict=True):
        out.write("  ".join(padded(line, size, widths, right)).rstrip() + "\n")


def write_markdown(lines: Sequence[Sequence[str]], right: list[bool], out: TextIO) -> None:
    """A GitHub pipe table (header first); ``|`` in values is escaped."""
    lines = [[one_line(cell).replace("|", "\\|") for cell in line] for line in lines]
    measured = sizes(lines)
    widths = [max(3, *column) for column in zip(*measured, strict=True)]
    rule = [
        "-" * (room - 1) + (":" if flush else "-")
        for room, flush in zip(widths, right, strict=True)
    ]
    measured.insert(1, widths)
    for line, size in zip([lines[0], rule, *lines[1:]], measured, strict=True):
        out.write("| " + " | ".join(padded(line, size, widths, right)) + " |\n")


def sizes(lines: Sequence[Sequence[str]]) -> list[list[int]]:
    """The display width of every cell; columns repeat their values, measured once each."""
    measured: dict[str, int] = {}
    return [[measured.get(c) or measured.setdefault(c, width(c)) for c in line] for line in lines]


def padded(
    line: Sequence[str], size: Sequence[int], widths: list[int], right: list[bool]
) -> list[str]:
    return [
        " " * (room - used) + text if flush else text + " " * (room - used)
        for text, used, room, flush in zip(line, size, widths, right, strict=True)
    ]


def pad(text: str, size: int, right: bool) -> str:
    """``text`` padded with spaces to ``size`` terminal columns."""
    fill = " " * (size - width(text))
    return fill + text if right else text + fill


def width(text: str) -> int:
    """Terminal columns taken by ``text`` (CJK counts two)."""
    if (simple := simple_width(text)) is not None:
        return simple
    from wcwidth import wcswidth, wcwidth  # imported here: it costs ~25 ms at start-up

    total = wcswidth(text)
    # wcswidth gives -1 when a control character is present; count the rest instead.
    return total if total >= 0 else sum(max(wcwidth(char), 0) for char in text)


def simple_width(text: str) -> int | None:
    """Columns of printable ASCII and common CJK text; None for anything else."""
    if text.isascii():
        return len(text) if text.isprintable() else None
    total = 0
    for char in text:
        code = ord(char)
        if 0x20 <= code < 0x7F:
            total += 1
        elif 0x4E00 <= code <= 0x9FFF or any(low <= code <= high for low, high in WIDE_RANGES):
            total += 2  # the common ideographs first: most of a Chinese name
        else:
            return None
    return total
