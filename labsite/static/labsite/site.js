/* labsite: the little JavaScript the site has. Loaded with `defer`; every feature here
   also works (more slowly or more plainly) without it.

   - Theme toggle: the header links go to /theme/?set=… (no JS). Here they flip
     data-theme on <html> at once and store the choice in a cookie (read by the server,
     so the next page is rendered in it) and in localStorage.
   - Copy buttons: <button data-copy="#id"> copies the text of #id; every
     <pre class="bibtex"> or [data-copyable] gets a "Copy" button. */
(function () {
  "use strict";
  var root = document.documentElement;
  var COOKIE = "theme";

  function storedTheme() {
    try { return localStorage.getItem(COOKIE) || ""; } catch (e) { return ""; }
  }

  function cookieTheme() {
    var match = document.cookie.match(/(?:^|;\s*)theme=(light|dark)(?:;|$)/);
    return match ? match[1] : "";
  }

  function saveTheme(theme) {
    var secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = COOKIE + "=" + theme + "; Max-Age=31536000; Path=/; SameSite=Lax" + secure;
    try { localStorage.setItem(COOKIE, theme); } catch (e) { /* private mode */ }
  }

  function applyTheme(theme) {
    if (theme === "light" || theme === "dark") {
      root.setAttribute("data-theme", theme);
    }
  }

  // A choice kept in localStorage but lost from the cookie (cleared cookies): restore it.
  var remembered = storedTheme();
  if (remembered && !cookieTheme()) {
    applyTheme(remembered);
    saveTheme(remembered);
  }
  // Pages restored from the back/forward cache show the theme chosen since.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { applyTheme(cookieTheme() || storedTheme()); }
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-theme-set]") : null;
    if (!link) { return; }
    event.preventDefault();
    var theme = link.getAttribute("data-theme-set");
    applyTheme(theme);
    saveTheme(theme);
    // Keep keyboard focus on the toggle that is now visible.
    var other = document.querySelector("[data-theme-set]:not([data-theme-set='" + theme + "'])");
    if (other) { other.focus(); }
  });

  // ---- Copy to clipboard ----
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  function announce(button, message) {
    var status = button.nextElementSibling;
    if (!status || !status.classList.contains("copy-status")) {
      status = document.createElement("span");
      status.className = "copy-status visually-hidden";
      status.setAttribute("role", "status");
      button.insertAdjacentElement("afterend", status);
    }
    status.textContent = message;
  }

  function onCopy(button, source) {
    var label = button.querySelector(".copy-label") || button;
    var original = label.getAttribute("data-label") || label.textContent;
    label.setAttribute("data-label", original);
    copyText(source.innerText || source.textContent).then(function () {
      label.textContent = "Copied";
      button.classList.add("is-done");
      announce(button, "Copied to the clipboard");
    }, function () {
      // Select the text so that the visitor can copy it with the keyboard.
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      label.textContent = "Press Ctrl+C";
      announce(button, "Text selected; press Control C to copy");
    });
    window.setTimeout(function () {
      label.textContent = original;
      button.classList.remove("is-done");
    }, 2500);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) { return; }
    // Only "#id" targets: buttons with a bare id belong to an app's own script.
    var target = button.getAttribute("data-copy");
    if (target.charAt(0) !== "#") { return; }
    var source = document.querySelector(target);
    if (source) { event.preventDefault(); onCopy(button, source); }
  });

  function addCopyButtons() {
    var blocks = document.querySelectorAll("pre.bibtex, [data-copyable]");
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      if (!block.id) { block.id = "copyable-" + (i + 1); }
      if (document.querySelector("[data-copy='#" + block.id + "'], [data-copy='" + block.id + "']")) { continue; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-sm copy-button";
      button.setAttribute("data-copy", "#" + block.id);
      var what = block.getAttribute("data-copy-label") || (block.classList.contains("bibtex") ? "BibTeX" : "text");
      var label = document.createElement("span");
      label.className = "copy-label";
      label.textContent = "Copy";
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = " " + what;
      button.appendChild(label);
      button.appendChild(hidden);
      var wrap = document.createElement("div");
      wrap.className = "copy-wrap";
      block.parentNode.insertBefore(wrap, block);
      wrap.appendChild(block);
      wrap.appendChild(button);
    }
  }
  addCopyButtons();
}());
