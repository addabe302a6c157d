// Turns "ada [at] example [dot] org" back into a mailto link (loaded with defer).
// The page itself only ever contains the spelled-out form, which scrapers do not harvest.
(function () {
  "use strict";
  var nodes = document.querySelectorAll("[data-email]");
  for (var i = 0; i < nodes.length; i++) {
    var node = nodes[i];
    var words = node.textContent.trim();
    var address = words.replace(/ \[at\] /, "@").replace(/ \[dot\] /g, ".");
    if (!/^[^\s@]+@[^\s@]+$/.test(address)) { continue; }
    var link = document.createElement("a");
    link.href = "mailto:" + address;
    link.textContent = address;
    node.textContent = "";
    node.appendChild(link);
  }
})();
