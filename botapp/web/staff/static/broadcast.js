/* A broadcast's live figures (the page works without it: reload to see them now): while it is
   scheduled or sending, every 5 seconds the figures' part and the status line are fetched from
   the page's JSON endpoint and replaced; polling stops once the broadcast is over. */
(function () {
  "use strict";

  var part = document.getElementById("figures");
  var status = document.getElementById("status");
  if (!part || !part.getAttribute("data-poll")) { return; }
  var url = part.getAttribute("data-poll");
  var busy = false;
  function poll() {
    if (busy) { return; }
    busy = true;
    fetch(url, {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (answer) {
      if (!answer.ok || answer.headers.get("Content-Type").indexOf("json") < 0) {
        throw new Error("stopped");  /* signed out, or the broadcast is gone: stop asking */
      }
      return answer.json();
    }).then(function (found) {
      part.innerHTML = found.html;
      if (status) { status.textContent = found.status; }
      if (!found.live) { window.clearInterval(timer); }
      busy = false;
    }).catch(function () { window.clearInterval(timer); });
  }
  var timer = window.setInterval(poll, 5000);
}());
