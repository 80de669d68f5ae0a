// Enhancements only: every page works without this file. Draws the milestone timeline of the
// dashboard from the JSON next to it (the table under the chart shows the same figures) and
// names the file chosen in a file picker.
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

  // File pickers: show the chosen file's name in Vietnamese, whatever the browser's language.
  function showFileNames() {
    document.querySelectorAll(".file-name[data-for]").forEach(function (span) {
      var input = document.getElementById(span.dataset.for);
      var show = function () {
        span.textContent = input.files.length ? input.files[0].name : "Chưa chọn tệp";
      };
      if (!span.dataset.ready) {
        span.dataset.ready = "1";
        input.addEventListener("change", show);
      }
      show();
    });
  }

  function enhance() {
    drawTimeline();
    showFileNames();
  }

  document.addEventListener("DOMContentLoaded", enhance);
  document.addEventListener("htmx:afterSettle", enhance);
})();
