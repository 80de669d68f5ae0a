// Enhancements only: every page works without this file. Draws the milestone timeline of the
// dashboard from the JSON next to it (the table under the chart shows the same figures).
(function () {
  "use strict";
  var COLORS = { done: "#17703a", late: "#b3261e", upcoming: "#9aa4b5" };

  function drawTimeline() {
    var data = document.getElementById("timeline-data");
    var canvas = document.getElementById("timeline-chart");
    if (!data || !canvas || !window.Chart || canvas.dataset.drawn) return;
    var figures = JSON.parse(data.textContent);
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: figures.labels,
        datasets: figures.series.map(function (s) {
          return { label: s.label, data: s.data, backgroundColor: COLORS[s.key], stack: "m" };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", drawTimeline);
  document.addEventListener("htmx:afterSettle", drawTimeline);
})();
