// Enhancements only: every page works without this file. Draws the milestone timeline of the
// dashboard from the JSON next to it (the table under the chart shows the same figures), names
// the file chosen in a file picker and stops a file over the upload limit before it is sent.
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
        var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
        span.textContent = names.length ? names.join(", ") : "Chưa chọn tệp";
      };
      if (!span.dataset.ready) {
        span.dataset.ready = "1";
        input.addEventListener("change", show);
      }
      show();
    });
  }

  // Files over the upload limit: say so beside the field rather than send them (the server
  // refuses them with the same words). Capturing the submit stops htmx's request as well.
  function megabytes(size) {
    return (size / 1048576).toFixed(1).replace(/\.0$/, "").replace(".", ",") + " MB";
  }

  function refuseLargeFiles(event) {
    var inputs = event.target.querySelectorAll("input[type=file][data-max-bytes]");
    Array.prototype.forEach.call(inputs, function (input) {
      var file = Array.prototype.find.call(input.files, function (f) {
        return f.size > Number(input.dataset.maxBytes);
      });
      var error = document.getElementById(input.id + "-error");
      var tooLarge = Boolean(file);
      if (error) {
        error.hidden = !tooLarge;
        error.textContent = tooLarge ? "“" + file.name + "” (" + megabytes(file.size) + "): " +
          input.dataset.tooLarge : "";
      }
      if (tooLarge) {
        event.preventDefault();
        event.stopImmediatePropagation();
        input.setAttribute("aria-invalid", "true");
        input.focus();
      } else {
        input.removeAttribute("aria-invalid");
      }
    });
  }

  function enhance() {
    drawTimeline();
    showFileNames();
  }

  document.addEventListener("DOMContentLoaded", enhance);
  document.addEventListener("htmx:afterSettle", enhance);
  document.addEventListener("submit", refuseLargeFiles, true);
})();
