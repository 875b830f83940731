"""The ledger chart's layout: bars within the plot, labels within the drawing."""

from datetime import date
from itertools import pairwise

from partnernet.ledger.chart import HEIGHT, LABEL_HALF_WIDTH, LEFT, RIGHT, WIDTH, build_chart
from partnernet.ledger.queries import Bucket, series_buckets

TODAY = date(2026, 11, 23)


def buckets(unit: str, values=lambda i: (i % 4, i % 3)) -> list[Bucket]:
    return [Bucket(p.start, p.end, *values(i))
            for i, p in enumerate(series_buckets(TODAY, unit))]


def test_weekly_labels_every_eighth_week_ending_with_this_week_inside_the_drawing():
    chart = build_chart(buckets("week"), "week")
    texts = [label.text for label in chart.labels]
    assert texts[-1] == "23 Nov" and len(texts) == 7  # 52 weeks, one label in 8
    # Every label, centred on its bar, lies within the drawing and clear of the next.
    assert all(label.x - LABEL_HALF_WIDTH >= 0 and label.x + LABEL_HALF_WIDTH <= WIDTH
               for label in chart.labels)
    centres = [label.x for label in chart.labels]
    assert all(b - a >= 2 * LABEL_HALF_WIDTH for a, b in pairwise(centres))


def test_monthly_labels_are_centred_on_every_month():
    chart = build_chart(buckets("month"), "month")
    assert [label.text for label in chart.labels] == [
        "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]
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
