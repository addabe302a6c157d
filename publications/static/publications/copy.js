/* Copy buttons: <button data-copy="ID" hidden> copies the text of #ID.
   Without JavaScript the button stays hidden and the text can be selected by hand. */
(function () {
  "use strict";
  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  function announce(button, message) {
    var status = button.parentNode.querySelector(".copy-status");
    if (status) { status.textContent = message; }
  }
  function copy(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    var text = source.textContent;
    function fallback() {
      selectText(source);
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      announce(button, done ? "Copied." : "Press Ctrl+C (⌘C) to copy the selected text.");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { announce(button, "Copied."); }, fallback);
    } else {
      fallback();
    }
  }
  var buttons = document.querySelectorAll("button[data-copy]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function (event) { copy(event.currentTarget); });
  }
})();
