"""Given against received as a bar chart, laid out on the server for an inline SVG.

The template draws what this computes; the numbers are also in a table beside the chart,
so it reads without JavaScript, without colour and with a screen reader.
"""

from dataclasses import dataclass

from babel.dates import format_date

from partnernet.ledger.queries import Bucket

WIDTH, HEIGHT = 360, 210
LEFT, RIGHT, TOP, BOTTOM = 26, 20, 10, 26  # room for the axis labels
LABEL_HALF_WIDTH = 20  # half of "23 Nov" at the labels' font size (11.5 units)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: str  # "given" or "received"
    title: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Label:
    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    labels: tuple[Label, ...]
    baseline: float
    left: int
    right: float


def _nice_top(top: int) -> tuple[int, int]:
    """An axis maximum at or above `top` and a step giving at most five gridlines."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top <= step * 5:
            return max(step, -(-top // step) * step), step
    step = 10 ** len(str(top // 5))
    return -(-top // step) * step, step


def bucket_label(bucket: Bucket, unit: str) -> str:
    if unit == "week":
        return format_date(bucket.start, "d MMM", locale="en")
    return format_date(bucket.start, "MMM", locale="en")


def build_chart(buckets: list[Bucket], unit: str) -> Chart:
    """Two bars per bucket (given, received), on a shared count axis."""
    top, step = _nice_top(max([b.given for b in buckets] + [b.received for b in buckets] + [1]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(buckets)
    bar_w = slot * (0.38 if unit == "month" else 0.45)
    gap = slot * (0.06 if unit == "month" else 0.0)
    baseline = TOP + plot_h
    bars = []
    for i, b in enumerate(buckets):
        left = LEFT + i * slot + (slot - 2 * bar_w - gap) / 2
        name = bucket_label(b, unit) if unit == "month" else f"week of {bucket_label(b, unit)}"
        for j, (series, value) in enumerate((("given", b.given), ("received", b.received))):
            h = plot_h * value / top
            bars.append(Bar(round(left + j * (bar_w + gap), 2), round(baseline - h, 2),
                            round(bar_w, 2), round(h, 2), value, series,
                            f"{name}: {value} {series}"))
    ticks = tuple(Tick(round(baseline - plot_h * v / top, 2), str(v))
                  for v in range(0, top + 1, step))
    every = 1 if unit == "month" else 8
    # Labels are centred on their bar; RIGHT leaves room for half of the newest one.
    labels = [Label(round(LEFT + i * slot + slot / 2, 2), bucket_label(b, unit))
              for i, b in enumerate(buckets) if (len(buckets) - 1 - i) % every == 0]
    return Chart(WIDTH, HEIGHT, tuple(bars), ticks, tuple(labels), baseline, LEFT,
                 WIDTH - RIGHT)
