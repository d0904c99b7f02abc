// Progress page of a background job: poll its status and update the page in place;
// reload once when it finishes so the result (errors or download) is rendered by the server.
// Without JavaScript the page refreshes itself (<noscript> meta refresh).
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box || box.getAttribute("data-finished") === "1") { return; }
  var url = box.getAttribute("data-job-status");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-job-text]");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (data.finished) { window.location.reload(); return; }
        if (bar && data.total) { bar.max = data.total; bar.value = data.done; }
        if (text) { text.textContent = data.text; }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 4000); });
  }
  window.setTimeout(poll, 1000);
})();
