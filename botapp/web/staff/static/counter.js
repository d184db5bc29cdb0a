/* The text counter (the client page's reply box, the broadcast composer's texts): each
   element with data-counts="ID" shows the characters, encoding and segments of textarea ID as
   one types, counted as botapp/encoding.py counts them (the server's count is the truth). Its
   data-template holds the words, with {chars}, {encoding} and {segments}. */
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

  function counter(out) {
    var box = document.getElementById(out.getAttribute("data-counts"));
    if (!box) { return; }
    var template = out.getAttribute("data-template");
    function show() {
      var found = analyze(box.value.trim());
      out.textContent = template.replace("{chars}", found.chars)
        .replace("{encoding}", found.encoding).replace("{segments}", found.segments);
    }
    box.addEventListener("input", show);
    show();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-counts]"), counter);
}());
