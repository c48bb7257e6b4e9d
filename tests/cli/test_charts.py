"""Charts of a report (issue 15, point 5): plotext on a colour terminal, plain characters
otherwise, Chinese labels in line either way."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from rich.cells import cell_len

from crm_cli.commands._charts import draw
from crm_cli.store.analysis.records import Column, Report
from crm_cli.store.core.errors import InvalidInput

ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
COLUMNS = (Column("source", "text", "Source", "来源"), Column("amount", "money", "Amount"),
           Column("buyers", "int", "Buyers"), Column("share", "percent"))  # fmt: skip


def report(*rows: tuple[Any, ...]) -> Report:
    keys = [c.name for c in COLUMNS]
    return Report("by-source", "Buyers by source", COLUMNS,
                  [dict(zip(keys, r, strict=True)) for r in rows], ("source",))  # fmt: skip


SOURCES = report(
    ("网络", Decimal("100.00"), 4, Decimal("40")),
    ("展会推荐", Decimal("50.00"), 2, Decimal("20")),
    ("web", Decimal("25.00"), 1, Decimal("10")),
    (None, Decimal("0"), 0, Decimal("0")),
)


def bar_start(line: str) -> int:
    """The display column where a plain line's bar begins (after the label and its gap)."""
    found = re.search(r"[█░]", line)
    assert found, line
    return cell_len(line[: found.start()])


def test_plain_bars_line_up_after_chinese_labels_and_scale_to_the_width() -> None:
    text = draw(SOURCES, "bar", "source", "amount", width=60, plain=True)
    lines = text.splitlines()
    assert [line.split()[0] for line in lines] == ["网络", "展会推荐", "web", "—"]
    assert {bar_start(line) for line in lines[:3]} == {len("展会推荐") * 2 + 2}
    bars = [line.count("█") for line in lines]
    # 60 columns less the label (8), the figure (6) and two gaps of two: 42 for the bars
    assert bars == [42, 21, 10, 0]  # 25 of 100 is 10.5 columns; zero draws no bar
    assert max(cell_len(line) for line in lines) == 60  # the largest fills the width
    assert lines[0].endswith("100.00") and lines[3].endswith("0.00")
    assert "\x1b" not in text


def test_a_narrower_width_draws_shorter_bars() -> None:
    wide = draw(SOURCES, "bar", "source", "amount", width=100, plain=True)
    narrow = draw(SOURCES, "bar", "source", "amount", width=40, plain=True)
    assert wide.splitlines()[0].count("█") - narrow.splitlines()[0].count("█") == 60
    assert max(cell_len(line) for line in narrow.splitlines()) == 40


def test_negative_figures_draw_a_shaded_bar_and_small_ones_still_show() -> None:
    losses = report(("甲", Decimal("-40"), 0, Decimal(0)), ("乙", Decimal("1000"), 0, Decimal(0)),
                    ("丙", Decimal("1"), 0, Decimal(0)))  # fmt: skip
    lines = draw(losses, "bar", "source", "amount", width=50, plain=True).splitlines()
    assert "░" in lines[0] and "█" not in lines[0] and lines[0].endswith("-40.00")
    assert lines[2].count("█") == 1  # tiny, not nothing


def test_all_zero_figures_draw_no_bars() -> None:
    zeros = report(("甲", Decimal(0), 0, Decimal(0)), ("乙", Decimal(0), 0, Decimal(0)))
    for kind in ("bar", "line", "pie", "funnel"):
        text = draw(zeros, kind, "source", "buyers", width=40, plain=True)
        assert "█" not in text, kind


def test_a_line_shows_its_shape_then_a_bar_per_point() -> None:
    trend = report(*[(f"2026-{m:02}", Decimal(0), n, Decimal(0)) for m, n in
                     ((1, 1), (2, 8), (3, 4))])  # fmt: skip
    lines = draw(trend, "line", "source", "buyers", width=40, plain=True).splitlines()
    assert lines[0] == "▁█▄"
    assert [line.split()[0] for line in lines[1:]] == ["2026-01", "2026-02", "2026-03"]
    assert lines[2].endswith(" 8")


def test_a_pie_gives_each_share_as_a_percentage_with_a_bar() -> None:
    lines = draw(SOURCES, "pie", "source", "amount", width=70, plain=True).splitlines()
    assert [re.search(r"\d+\.\d%", line).group() for line in lines] == [  # type: ignore[union-attr]
        "57.1%", "28.6%", "14.3%", "0.0%",
    ]  # fmt: skip
    assert {bar_start(line) for line in lines[:3]} == {10}
    assert lines[0].count("█") == pytest.approx(2 * lines[1].count("█"), abs=1)


def test_a_pie_refuses_negative_figures() -> None:
    losses = report(("甲", Decimal("-1"), 0, Decimal(0)), ("乙", Decimal("3"), 0, Decimal(0)))
    with pytest.raises(InvalidInput, match="bar chart"):
        draw(losses, "pie", "source", "amount", plain=True)


def test_a_funnel_centres_its_stages_and_gives_the_conversion() -> None:
    stages = report(("初步接触", Decimal(0), 100, Decimal(0)), ("需求确认", Decimal(0), 50, Decimal(0)),
                    ("赢单", Decimal(0), 10, Decimal(0)))  # fmt: skip
    lines = draw(stages, "funnel", "source", "buyers", width=60, plain=True).splitlines()
    assert lines[0].endswith("100")
    assert lines[1].endswith("50  → 50.0%") and lines[2].endswith("10  → 20.0%")
    centres = []
    for line in lines:
        start = bar_start(line)
        centres.append(start + line.count("█") / 2)
    assert max(centres) - min(centres) <= 1  # one axis down the middle
    assert lines[0].count("█") > lines[1].count("█") > lines[2].count("█") > 0


def test_an_empty_report_draws_nothing() -> None:
    for kind in ("bar", "line", "pie", "funnel"):
        assert draw(report(), kind, "source", "amount", plain=True) == ""
        assert draw(report(), kind, "source", "amount", plain=False) == ""


def test_unknown_kinds_and_columns_name_the_choices() -> None:
    with pytest.raises(InvalidInput, match="bar, line, pie, funnel"):
        draw(SOURCES, "donut", "source", "amount")
    with pytest.raises(InvalidInput, match="choose from amount, buyers, share"):
        draw(SOURCES, "bar", "amount", "source")  # a text column is no figure
    with pytest.raises(InvalidInput, match=r"no column 'owner'.*source, amount"):
        draw(SOURCES, "bar", "owner", "amount")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_colour_terminal_gets_plotext_with_chinese_labels_in_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdout", Terminal())
    monkeypatch.delenv("NO_COLOR", raising=False)
    text = draw(SOURCES, "bar", "source", "amount", width=60)
    assert "\x1b[" in text
    lines = ESCAPE.sub("", text).splitlines()
    labelled = [line for line in lines if "┤" in line and line.split("┤")[0].strip()]
    assert [line.split("┤")[0].strip() for line in labelled] == ["网络", "展会推荐", "web", "—"]
    assert {cell_len(line.split("┤")[0]) for line in labelled} == {8}  # the axis in line
    assert {cell_len(line) for line in lines} == {60}
    assert "`" not in text  # every stand-in was put back


def test_no_color_or_a_pipe_gets_plain_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout", Terminal())
    monkeypatch.setenv("NO_COLOR", "1")
    assert draw(SOURCES, "bar", "source", "amount", width=60) == draw(
        SOURCES, "bar", "source", "amount", width=60, plain=True
    )
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr("sys.stdout", io.StringIO())  # not a terminal
    assert "\x1b" not in draw(SOURCES, "line", "source", "amount", width=60)


@pytest.mark.parametrize("kind", ["line", "pie", "funnel"])
def test_plotext_draws_every_kind_with_its_labels(kind: str) -> None:
    text = ESCAPE.sub("", draw(SOURCES, kind, "source", "buyers", width=70, plain=False))
    assert "展会推荐" in text and "web" in text and "`" not in text
    assert {cell_len(line) for line in text.splitlines()} == {70}
    if kind == "pie":
        assert "展会推荐 28.6%" in text
    if kind == "funnel":
        assert "展会推荐 50.0%" in text
