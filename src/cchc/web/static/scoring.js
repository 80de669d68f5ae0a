// Chỉ số CCHC, enhancement only (the page shows the same figures in its tables): one bar chart
// per area of the units' points, against the area's maximum.
(function () {
  "use strict";
  var BAR = "#0b4f8a", LOST = "#d9dee7", PENALTY = "#b3261e";

  function drawAll() {
    var data = document.getElementById("area-charts-data");
    if (!data || !window.Chart) return;
    var groups = JSON.parse(data.textContent);
    document.querySelectorAll("canvas.area-chart-canvas").forEach(function (canvas) {
      if (canvas.dataset.drawn) return;
      var area = groups[+canvas.dataset.group][+canvas.dataset.area];
      canvas.dataset.drawn = "1";
      canvas.parentNode.style.height = Math.max(120, 28 * area.labels.length + 60) + "px";
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: area.labels,
          datasets: area.type === "penalty"
            ? [{ label: "Điểm bị trừ", data: area.values, backgroundColor: PENALTY }]
            : [{ label: "Điểm", data: area.values, backgroundColor: BAR },
               { label: area.type === "bonus" ? "Chưa được thưởng" : "Điểm bị mất", backgroundColor: LOST,
                 data: area.values.map(function (v) { return v === null ? null : Math.max(area.max - v, 0); }) }]
        },
        options: {
          indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
          locale: "vi-VN", // 1,75 điểm, as Vietnamese write it
          scales: { x: { stacked: true, beginAtZero: true, max: area.max }, y: { stacked: true } },
          plugins: { legend: { position: "bottom" } }
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", drawAll);
})();
