"""Printable documents (a quote, a dunning letter): one layout, three renderings.

A command builds a ``Document`` from a store record, with every cell already text, and
``render`` turns it into aligned text (CJK-aware), a Markdown page or a standalone HTML
page that prints well. ``amount_in_chinese`` writes the 大写金额 line Chinese customers
expect under a total.
"""

from __future__ import annotations

import html
import io
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from crm_cli.commands import _layout
from crm_cli.store.core.errors import InvalidInput

DOCUMENT_FORMATS = ("text", "markdown", "html")

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_SECTIONS = ("", "万", "亿", "万亿")
_CENT = Decimal("0.01")


class Document(NamedTuple):
    title: str  # e.g. "报价单 Quotation Q000012"
    meta: list[tuple[str, str]]  # (label, value) lines under the title
    columns: list[str]  # table headers
    rows: list[list[str]]  # table cells, already formatted as text
    right: list[bool]  # per column: right-aligned (numbers)
    totals: list[tuple[str, str]]  # (label, value) lines under the table
    notes: list[str]  # closing paragraphs


def render(doc: Document, fmt: str) -> str:
    """The document as ``text``, ``markdown`` or ``html``.

    Raises:
        ValueError: ``fmt`` is not one of ``DOCUMENT_FORMATS``.
    """
    if fmt == "text":
        return _text(doc)
    if fmt == "markdown":
        return _markdown(doc)
    if fmt == "html":
        return _html(doc)
    raise ValueError(f"unknown document format {fmt!r}; choose one of: text, markdown, html")


def amount_in_chinese(amount: Decimal) -> str:
    """The amount in Chinese financial capitals: 12345.67 → 壹万贰仟叁佰肆拾伍元陆角柒分.

    Rounded half-up to the fen; whole amounts end in 整 (12.30 → 壹拾贰元叁角整).

    Raises:
        InvalidInput: 10^16 yuan or more (a sum of many amounts), which has no capitals.
    """
    cents = int(amount.quantize(_CENT, rounding=ROUND_HALF_UP).scaleb(2))
    sign = "负" if cents < 0 else ""
    yuan, rest = divmod(abs(cents), 100)
    if yuan >= 10**16:
        raise InvalidInput("amount {amount} is too large to write in capitals", amount=amount)
    jiao, fen = divmod(rest, 10)
    text = _integer(yuan) + "元" if yuan else ""
    if not jiao and not fen:
        return sign + (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text:
        text += "零"  # 100.05 → 壹佰元零伍分
    text += _DIGITS[fen] + "分" if fen else "整"
    return sign + text


def _integer(number: int) -> str:
    """A positive whole number in capitals, in groups of four digits (万, 亿)."""
    groups = []
    while number:
        number, group = divmod(number, 10000)
        groups.append(group)
    text, pending_zero = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if not group:
            pending_zero = bool(text)
            continue
        if text and (pending_zero or group < 1000):
            text += "零"  # 10010 → 壹万零壹拾
        text += _group(group) + _SECTIONS[index]
        pending_zero = False
    return text


def _group(group: int) -> str:
    """One to four digits with 仟佰拾; inner zeros collapse to one 零, trailing ones vanish."""
    text, pending_zero = "", False
    for place in (3, 2, 1, 0):
        digit = group // 10**place % 10
        if not digit:
            pending_zero = bool(text)
            continue
        if pending_zero:
            text += "零"
        text += _DIGITS[digit] + _PLACES[place]
        pending_zero = False
    return text


def _text(doc: Document) -> str:
    out = [doc.title, "=" * _layout.width(doc.title), ""]
    out += _aligned_pairs(doc.meta)
    if doc.columns:
        out += ["", *_text_table(doc)]
    if doc.totals:
        out += ["", *_aligned_pairs(doc.totals)]
    for paragraph in doc.notes:
        out += ["", paragraph]
    return "\n".join(out) + "\n"


def _text_table(doc: Document) -> list[str]:
    """Header, a rule and the rows, padded to each column's display width."""
    lines = [[_layout.one_line(cell) for cell in line] for line in [doc.columns, *doc.rows]]
    widths = [max(_layout.width(line[i]) for line in lines) for i in range(len(doc.columns))]
    lines.insert(1, ["-" * width for width in widths])
    return [
        "  ".join(
            _layout.pad(cell, width, flush)
            for cell, width, flush in zip(line, widths, doc.right, strict=True)
        ).rstrip()
        for line in lines
    ]


def _aligned_pairs(pairs: list[tuple[str, str]]) -> list[str]:
    if not pairs:
        return []
    width = max(_layout.width(label) for label, _ in pairs)
    return [f"{_layout.pad(label, width, False)}  {value}".rstrip() for label, value in pairs]


def _md_escape(text: str) -> str:
    """Text safe inside a Markdown line: markup characters lose their meaning."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def _markdown(doc: Document) -> str:
    out = [f"# {_md_escape(doc.title)}", ""]
    out += [f"**{_md_escape(label)}**: {_md_escape(value)}  " for label, value in doc.meta]
    if doc.columns:
        body = io.StringIO()
        cells = [[c.replace("\\", "\\\\") for c in line] for line in [doc.columns, *doc.rows]]
        _layout.write_markdown(cells, doc.right, body)
        out += ["", *body.getvalue().splitlines()]
    if doc.totals:
        out.append("")
        out += [f"**{_md_escape(label)}**: {_md_escape(value)}  " for label, value in doc.totals]
    for paragraph in doc.notes:
        out += ["", _md_escape(paragraph)]
    return "\n".join(out) + "\n"


_CSS = """body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 2em auto; max-width: 60em; color: #111; }
h1 { font-size: 1.5em; border-bottom: 2px solid #111; padding-bottom: .3em; }
dl.meta, dl.totals { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dl dt { font-weight: bold; } dl dd { margin: 0; }
dl.totals { justify-content: end; margin-top: 1em; }
table { border-collapse: collapse; width: 100%; margin-top: 1em; }
th, td { border: 1px solid #999; padding: .3em .5em; text-align: left; }
th { background: #eee; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
@media print { body { margin: 0; max-width: none; } th { background: none; } }"""


def _html(doc: Document) -> str:
    esc = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(doc.title)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(doc.title)}</h1>",
    ]
    out += _html_pairs("meta", doc.meta)
    if doc.columns:
        out.append("<table>")
        out.append("<thead><tr>" + _html_cells("th", doc.columns, doc.right) + "</tr></thead>")
        out.append("<tbody>")
        out += ["<tr>" + _html_cells("td", row, doc.right) + "</tr>" for row in doc.rows]
        out.append("</tbody>")
        out.append("</table>")
    out += _html_pairs("totals", doc.totals)
    out += [f"<p>{esc(paragraph)}</p>" for paragraph in doc.notes]
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_pairs(css_class: str, pairs: list[tuple[str, str]]) -> list[str]:
    if not pairs:
        return []
    items = [f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in pairs]
    return [f'<dl class="{css_class}">', *items, "</dl>"]


def _html_cells(tag: str, cells: list[str], right: list[bool]) -> str:
    return "".join(
        f'<{tag} class="num">{html.escape(c)}</{tag}>'
        if flush
        else f"<{tag}>{html.escape(c)}</{tag}>"
        for c, flush in zip(cells, right, strict=True)
    )
