// Enhancements only: every page works without this file. Draws the milestone timeline of the
// dashboard from the JSON next to it (the table under the chart shows the same figures), names
// the file chosen in a file picker, stops a file over the upload limit before it is sent,
// names each table cell's column for the phone layout, checks forms with messages in
// Vietnamese whatever the browser's language, and closes the header menus with Escape or a
// click elsewhere.
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
        responsive: true, maintainAspectRatio: false, animation: false, locale: "vi-VN",
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

  // Phones show a table row as a card: each cell is named after its column (data-label), the
  // lowest header over it; the header rows are laid on a grid, as rowspan and colspan place them.
  function columnNames(table) {
    var names = [], taken = [];
    Array.prototype.forEach.call(table.tHead ? table.tHead.rows : [], function (row, r) {
      var column = 0;
      taken[r] = taken[r] || [];
      Array.prototype.forEach.call(row.cells, function (cell) {
        while (taken[r][column]) column++;
        var text = cell.innerText.replace(/\s+/g, " ").trim();
        for (var i = 0; i < cell.colSpan; i++) {
          for (var j = 0; j < cell.rowSpan; j++) {
            taken[r + j] = taken[r + j] || [];
            taken[r + j][column + i] = true;
          }
          if (text) names[column + i] = text;
        }
        column += cell.colSpan;
      });
    });
    return names;
  }

  function labelCells() {
    document.querySelectorAll("table:not([data-labelled])").forEach(function (table) {
      table.dataset.labelled = "1";
      var names = columnNames(table);
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            var name = names[column];
            if (cell.tagName === "TD" && name && !cell.hasAttribute("data-label") &&
                cell.colSpan === 1) cell.dataset.label = name;
            column += cell.colSpan;
          });
        });
      });
    });
  }

  function enhance() {
    drawTimeline();
    showFileNames();
    labelCells();
    takeOverValidation();
  }

  // Form checks: the browser's own bubbles speak the browser's language, so forms are checked
  // here and the message is shown under the field, in Vietnamese (the server checks again).
  function problem(field) {
    var v = field.validity;
    if (v.valueMissing) {
      if (field.type === "checkbox") return "Hãy đánh dấu ô này để tiếp tục.";
      if (field.type === "file") return "Hãy chọn một tệp.";
      if (field.tagName === "SELECT") return "Hãy chọn một mục trong danh sách.";
      return "Hãy điền mục này.";
    }
    if (v.badInput || v.typeMismatch) return field.type === "number" ? "Hãy nhập một số." :
      field.type === "email" ? "Địa chỉ thư điện tử chưa đúng (ví dụ: ten@donvi.gov.vn)." :
      "Giá trị chưa đúng.";
    if (v.patternMismatch) return field.dataset.patternMessage || "Giá trị chưa đúng định dạng.";
    if (v.tooShort) return "Cần ít nhất " + field.minLength + " ký tự (hiện có " +
      field.value.length + ").";
    if (v.tooLong) return "Tối đa " + field.maxLength + " ký tự.";
    if (v.rangeUnderflow) return "Giá trị nhỏ nhất là " + field.min + ".";
    if (v.rangeOverflow) return "Giá trị lớn nhất là " + field.max + ".";
    if (v.stepMismatch) return "Hãy nhập một số nguyên.";
    return "";
  }

  function showProblem(field, message) {
    var id = (field.id || field.name) + "-problem";
    var note = document.getElementById(id);
    if (!message) {
      if (note) note.remove();
      field.removeAttribute("aria-invalid");
      return;
    }
    if (!note) {
      note = document.createElement("p");
      note.id = id;
      note.className = "field-error";
      note.setAttribute("role", "alert");
      (field.closest(".file-pick") || field.closest("label.check") || field).after(note);
      var described = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", described ? described + " " + id : id);
    }
    note.textContent = message;
    field.setAttribute("aria-invalid", "true");
  }

  function checkForm(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.checked) return;
    if (event.submitter && event.submitter.formNoValidate) return;
    var first = null;
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.willValidate) return;
      var message = problem(field);
      showProblem(field, message);
      if (message && !first) first = field;
    });
    if (first) {
      event.preventDefault();
      event.stopImmediatePropagation();
      first.focus();
    }
  }

  function takeOverValidation() {
    document.querySelectorAll("form:not([data-checked])").forEach(function (form) {
      form.dataset.checked = "1";
      form.noValidate = true;
    });
  }

  // The header menus (<details>): Escape closes the open one and gives focus back to its
  // button; a click outside closes them.
  function closeMenus(event) {
    document.querySelectorAll(".topbar details[open]").forEach(function (menu) {
      if (event.type === "keydown" && event.key !== "Escape") return;
      if (event.type === "click" && menu.contains(event.target)) return;
      menu.open = false;
      if (event.type === "keydown") menu.querySelector("summary").focus();
    });
  }

  document.addEventListener("DOMContentLoaded", enhance);
  document.addEventListener("keydown", closeMenus);
  document.addEventListener("click", closeMenus);
  document.addEventListener("submit", checkForm, true);
  document.addEventListener("htmx:afterSettle", enhance);
  document.addEventListener("submit", refuseLargeFiles, true);
})();
