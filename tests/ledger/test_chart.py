"""The ledger chart's layout: bars within the plot, labels within the drawing."""

from datetime import date

from partnernet.ledger.chart import HEIGHT, LEFT, RIGHT, WIDTH, build_chart
from partnernet.ledger.queries import Bucket, series_buckets

TODAY = date(2026, 11, 23)


def buckets(unit: str, values=lambda i: (i % 4, i % 3)) -> list[Bucket]:
    return [Bucket(p.start, p.end, *values(i))
            for i, p in enumerate(series_buckets(TODAY, unit))]


def test_weekly_labels_every_eighth_week_ending_with_this_week_inside_the_drawing():
    chart = build_chart(buckets("week"), "week")
    assert [label.text for label in chart.labels][-1] == "23 Nov"
    last = chart.labels[-1]
    # The newest label would run past the right edge if centred on its bar: it ends there.
    assert (last.x, last.anchor) == (WIDTH - 1, "end")
    assert all(label.anchor == "middle" for label in chart.labels[:-1])
    assert all(LEFT <= label.x <= WIDTH for label in chart.labels)
    assert len(chart.labels) == 7  # weeks 52, 44, … 4 back from this one: 52 / 8 rounded up


def test_monthly_labels_are_centred_on_every_month():
    chart = build_chart(buckets("month"), "month")
    assert [label.text for label in chart.labels] == [
        "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]
    assert all(label.anchor == "middle" for label in chart.labels)
    assert chart.labels[-1].x < WIDTH - RIGHT


def test_bars_stand_on_the_baseline_and_the_tallest_reaches_the_top_tick():
    chart = build_chart(buckets("month", lambda i: (i, 0)), "month")
    given = [bar for bar in chart.bars if bar.series == "given"]
    assert [bar.value for bar in given] == list(range(12))
    assert all(round(bar.y + bar.height, 2) == chart.baseline for bar in chart.bars)
    assert all(bar.x >= LEFT and bar.x + bar.width <= WIDTH - RIGHT for bar in chart.bars)
    assert chart.baseline < HEIGHT
    assert chart.ticks[0].label == "0" and int(chart.ticks[-1].label) >= 11
    assert given[0].height == 0 and given[-1].title == "Nov: 11 given"
