"""The printed report's charts: SVG drawn from the table's numbers."""

import re

from reports.charts import bar_chart, line_chart


def test_bars_are_as_tall_as_their_numbers():
    svg = bar_chart("件数 <逐月>", ["26-10", "26-11"], [("受理", [2, 4]), ("已答复", [0, 1])])
    assert svg.startswith("<svg")
    assert 'aria-label="件数 &lt;逐月&gt;"' in svg
    heights = [float(h) for h in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"', svg)]
    assert heights[:4] == [heights[1] / 2, heights[1], 0.0, heights[1] / 4]  # 2, 4, 0, 1 against 4
    assert ">4<" in svg  # the axis tops at a round count


def test_lines_break_where_there_is_nothing_to_count():
    svg = line_chart("比率", ["a", "b", "c"], [("满意率", [None, 50.0, 100.0]), ("办结率", [None, None, 20.0])])
    assert svg.count("<polyline") == 1  # the second series has one point: a dot, no line
    assert svg.count("<circle") == 3
    assert ">100%<" in svg
