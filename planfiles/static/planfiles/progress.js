// Follows a plan upload's check or load: polls its status and shows the page again when it is done.
(function () {
  "use strict";
  var box = document.getElementById("upload-progress");
  if (!box) {
    return;
  }
  var bar = box.querySelector("progress");
  var phase = box.querySelector(".progress-phase");
  var percent = box.querySelector(".progress-percent");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.value = data.percent;
        phase.textContent = data.phase;
        percent.textContent = data.percent + "%";
        if (data.running) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
