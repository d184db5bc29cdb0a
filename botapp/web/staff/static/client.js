/* The client page's transcript polling (the page works without it): every 3 seconds, the
   texts after the last one shown are fetched and added at the bottom. The reply box's counter
   is static/counter.js. */
(function () {
  "use strict";

  function polling() {
    var list = document.getElementById("transcript");
    if (!list || !list.getAttribute("data-poll")) { return; }
    var url = list.getAttribute("data-poll");
    var busy = false;
    function poll() {
      if (busy) { return; }
      busy = true;
      fetch(url + "?after=" + list.getAttribute("data-last"), {
        credentials: "same-origin", headers: { "Accept": "application/json" }
      }).then(function (answer) {
        if (!answer.ok || answer.headers.get("Content-Type").indexOf("json") < 0) {
          throw new Error("stopped");  /* signed out, or the record is gone: stop asking */
        }
        return answer.json();
      }).then(function (found) {
        if (found.html.trim()) { list.insertAdjacentHTML("beforeend", found.html); }
        list.setAttribute("data-last", found.last);
        busy = false;
      }).catch(function () { window.clearInterval(timer); });
    }
    var timer = window.setInterval(poll, 3000);
  }

  polling();
}());
