/* The client page's two enhancements (the page works without them):
   - the reply box's counter: characters, encoding and segments as one types, counted as
     botapp/encoding.py counts them (the server's count is the truth, shown after "Count");
   - the transcript's polling: every 3 seconds, the texts after the last one shown are fetched
     and added at the bottom. */
(function () {
  "use strict";

  var GSM7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENSION = "\f^{}\\[]~|€";
  var LIMITS = { "GSM-7": [160, 153], "UCS-2": [70, 67] };

  function cost(char, encoding) {
    if (encoding === "GSM-7") { return EXTENSION.indexOf(char) >= 0 ? 2 : 1; }
    return char.codePointAt(0) > 0xFFFF ? 2 : 1;
  }

  /* {encoding, units, segments} of a text, as botapp.encoding.analyze says. */
  function analyze(text) {
    var chars = Array.from(text);
    var gsm = chars.every(function (c) { return GSM7.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0; });
    var encoding = gsm ? "GSM-7" : "UCS-2";
    var single = LIMITS[encoding][0], perPart = LIMITS[encoding][1];
    var units = 0, segments = 1, used = 0;
    chars.forEach(function (c) { units += cost(c, encoding); });
    if (units > single) {
      chars.forEach(function (c) {
        var n = cost(c, encoding);
        if (used + n > perPart) { segments += 1; used = 0; }
        used += n;
      });
    }
    return { encoding: encoding, chars: chars.length, segments: segments };
  }

  function counter() {
    var box = document.getElementById("reply-text");
    var out = document.getElementById("reply-counter");
    if (!box || !out) { return; }
    var template = out.getAttribute("data-template");
    function show() {
      var found = analyze(box.value.trim());
      out.textContent = template.replace("{chars}", found.chars)
        .replace("{encoding}", found.encoding).replace("{segments}", found.segments);
    }
    box.addEventListener("input", show);
    show();
  }

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

  counter();
  polling();
}());
