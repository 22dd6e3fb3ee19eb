"""A small bar chart of an indicator's yearly values, drawn as SVG on the server.

The geometry is computed here; templates/includes/progress/indicator_chart.html draws it.
No styles inline (the CSP forbids them): colours come from classes in progress.css.
"""

from dataclasses import dataclass
from decimal import Decimal

from progress.computation import IndicatorReading

WIDTH = 480
HEIGHT = 220
TOP = 28  # room for the value above the tallest bar
BOTTOM = 30  # room for the year under each bar
LEFT = 8
RIGHT = 96  # room for the target's label
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM


def number(value: Decimal | None) -> str:
    """A value as people write it: 12, 12.5 (no trailing zeros), or empty."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class Bar:
    fiscal_year: int
    value: Decimal | None
    x: float
    y: float
    width: float
    height: float
    label_x: float

    @property
    def value_text(self) -> str:
        return number(self.value)


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar]
    baseline_y: float
    target_y: float
    plot_left: int
    plot_right: int
    axis_y: float
    year_y: float


def _y(value: Decimal, top_value: Decimal) -> float:
    return round(TOP + PLOT_HEIGHT - float(value / top_value) * PLOT_HEIGHT, 1)


def indicator_chart(reading: IndicatorReading) -> Chart:
    indicator = reading.indicator
    values = [value for _year, value in reading.series if value is not None]
    top_value = max([indicator.target, indicator.baseline, *values, Decimal(1)])
    slot = (WIDTH - LEFT - RIGHT) / max(len(reading.series), 1)
    bars = []
    for index, (year, value) in enumerate(reading.series):
        x = LEFT + index * slot + slot * 0.2
        y = _y(value, top_value) if value is not None else TOP + PLOT_HEIGHT
        bars.append(
            Bar(
                fiscal_year=year,
                value=value,
                x=round(x, 1),
                y=y,
                width=round(slot * 0.6, 1),
                height=round(TOP + PLOT_HEIGHT - y, 1),
                label_x=round(x + slot * 0.3, 1),
            )
        )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        bars=bars,
        baseline_y=_y(indicator.baseline, top_value),
        target_y=_y(indicator.target, top_value),
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        axis_y=TOP + PLOT_HEIGHT,
        year_y=HEIGHT - 8,
    )
