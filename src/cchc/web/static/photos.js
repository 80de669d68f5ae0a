// A report form's files sent together: when they add up to more than one request may carry,
// the photos among them are reduced in the browser to 2000 px on their long side, upright,
// under their own names, before sending. Only then: the server reduces large photos anyway
// and keeps their EXIF data (the date taken), which a browser's re-encoding drops.
// Enhancement only; the form works without it.
(function () {
  "use strict";
  var MAX_SIDE = 2000;
  var REDRAWN = { "image/jpeg": true, "image/png": true, "image/webp": true };

  function fileInputs(form) {
    return Array.prototype.slice.call(form.querySelectorAll("input[type=file]"));
  }

  function chosenFiles(form) {
    return fileInputs(form).reduce(function (all, input) {
      return all.concat(Array.prototype.slice.call(input.files));
    }, []);
  }

  function totalSize(form) {
    return chosenFiles(form).reduce(function (sum, file) { return sum + file.size; }, 0);
  }

  function reduced(file) {
    if (!REDRAWN[file.type] || !window.createImageBitmap) return Promise.resolve(file);
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = MAX_SIDE / Math.max(bitmap.width, bitmap.height);
      if (scale >= 1) return file;
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve(blob && blob.size < file.size ?
            new File([blob], file.name, { type: file.type, lastModified: file.lastModified }) : file);
        }, file.type, 0.85);
      });
    }).catch(function () { return file; });
  }

  function reduceAll(form) {
    return Promise.all(fileInputs(form).map(function (input) {
      return Promise.all(Array.prototype.map.call(input.files, reduced)).then(function (files) {
        var chosen = new DataTransfer();
        files.forEach(function (f) { chosen.items.add(f); });
        input.files = chosen.files;
        input.dispatchEvent(new Event("change"));
      });
    }));
  }

  function megabytes(size) {
    return (size / 1048576).toFixed(1).replace(/\.0$/, "").replace(".", ",") + " MB";
  }

  // Runs before app.js's own check (this file loads first), which refuses a file too large by
  // itself: a capturing listener on the document, ahead of htmx's on the form.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var limit = Number(form.dataset.totalBytes);
    var error = document.getElementById(form.dataset.totalError || "");
    if (!limit || form.dataset.reduced) {
      delete form.dataset.reduced;
      return;
    }
    if (error) error.hidden = true;
    var tooLarge = function (file) { return file.size > limit; };
    if (totalSize(form) <= limit || chosenFiles(form).some(tooLarge)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    reduceAll(form).then(function () {
      var size = totalSize(form);
      if (size > limit && error) {
        error.textContent = "Các tệp đã chọn cộng lại " + megabytes(size) + ", quá " +
          megabytes(limit) + " cho một lần gửi: hãy bớt tệp, gửi phần còn lại ở lần cập nhật sau.";
        error.hidden = false;
        return;
      }
      form.dataset.reduced = "1";
      form.requestSubmit();
    });
  }, true);
})();
