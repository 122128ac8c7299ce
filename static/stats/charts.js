// The statistics page's trend charts (Apache ECharts, static/vendor/echarts/), drawn from the
// page's own data (json_script "stats-chart"); every chart has its table on the page.
(function () {
  "use strict";
  var source = document.getElementById("stats-chart");
  if (!source || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);

  function series(list, type) {
    return list.map(function (s) {
      var one = { name: s.name, type: type, data: s.data, connectNulls: false };
      if (type === "line") {
        // A month alone between empty months is still drawn: as a point.
        one.showSymbol = true;
        one.showAllSymbol = true;
        one.symbolSize = 8;
      }
      return one;
    });
  }

  var options = {
    volume: {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", minInterval: 1 },
      series: series(data.volume, "bar"),
    },
    rates: {
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + "%"; } },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: series(data.rates, "line"),
    },
  };

  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var option = options[el.getAttribute("data-chart")];
    if (!option) {
      return;
    }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    el.setAttribute("data-rendered", "true");
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
