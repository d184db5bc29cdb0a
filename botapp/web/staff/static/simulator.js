// The phone simulator's screen refreshes itself, like a chat: every two seconds it asks the
// server for the phone's texts and swaps them in when they changed. The page works without
// this file (reload it); no inline script, so the CSP needs only script-src 'self'.
(function () {
  "use strict";
  var screen = document.getElementById("screen");
  if (!screen || !window.fetch) {
    return;
  }
  var url = screen.getAttribute("data-refresh");
  var shown = screen.innerHTML.trim();
  function look() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (answer) {
        return answer.ok ? answer.text() : null;
      })
      .then(function (html) {
        if (html !== null && html.trim() !== shown) {
          shown = html.trim();
          screen.innerHTML = html;
        }
      })
      .catch(function () {})
      .then(function () {
        window.setTimeout(look, 2000);
      });
  }
  window.setTimeout(look, 2000);
})();
