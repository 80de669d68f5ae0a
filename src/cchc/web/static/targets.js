// Chỉ tiêu, enhancements only (the pages show the same figures as text and tables): the
// monthly sparklines of the dashboard's target table and the monthly chart of a target's page,
// each against the target's value; numbers as Vietnamese write them (99,5%).
(function () {
  "use strict";
  var LINE = "#0b4f8a", TARGET = "#b3261e";
  var NUMBER = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

  function percent(value) {
    return NUMBER.format(value) + "%";
  }

  function targetLine(value, count) {
    var data = [];
    for (var i = 0; i < count; i++) data.push(value);
    return { data: data, borderColor: TARGET, borderDash: [4, 3], borderWidth: 1, pointRadius: 0 };
  }

  function draw(canvas, labels, values, target, small) {
    if (!window.Chart || canvas.dataset.drawn) return;
    canvas.dataset.drawn = "1";
    var trend = { data: values, borderColor: LINE, backgroundColor: LINE, borderWidth: small ? 1.5 : 2,
                  pointRadius: small ? 0 : 3 };
    if (!small) trend.label = "Kết quả (%)";
    var line = targetLine(target, values.length);
    if (!small) line.label = "Mục tiêu (%)";
    new window.Chart(canvas, {
      type: "line",
      data: { labels: labels, datasets: [trend, line] },
      options: {
        responsive: !small, maintainAspectRatio: false, animation: false,
        events: small ? [] : undefined,
        scales: small ? { x: { display: false }, y: { display: false } }
                      : { y: { ticks: { callback: percent } } },
        plugins: {
          legend: { display: !small, position: "bottom" },
          tooltip: { enabled: !small, callbacks: { label: function (item) {
            return item.dataset.label.replace(" (%)", "") + ": " + percent(item.parsed.y);
          } } }
        }
      }
    });
  }

  function drawAll() {
    document.querySelectorAll("canvas.trend-spark").forEach(function (canvas) {
      var values = JSON.parse(canvas.dataset.trend);
      draw(canvas, values.map(function (_, i) { return i + 1; }), values,
           parseFloat(canvas.dataset.target), true);
    });
    var data = document.getElementById("target-trend-data");
    var canvas = document.getElementById("target-trend");
    if (data && canvas) {
      var figures = JSON.parse(data.textContent);
      draw(canvas, figures.labels, figures.values, figures.target, false);
    }
  }

  document.addEventListener("DOMContentLoaded", drawAll);
  document.addEventListener("htmx:afterSettle", drawAll);
})();
