// The "Copy link" button under the map: copies the page's link at the snapshot shown, which
// the page passes in this frame's #fragment (relative, so it resolves on any host or base path).
(function () {
  "use strict";
  var button = document.getElementById("copy");
  var said = document.getElementById("said");

  function pageLink() {
    var relative = decodeURIComponent(window.location.hash.slice(1)) || "./";
    var base;
    try {
      base = window.parent.location.href;
    } catch (err) {
      base = document.referrer || window.location.href;
    }
    return new URL(relative, base).href;
  }

  function copyBySelection(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var done = document.execCommand("copy");
    document.body.removeChild(field);
    return done;
  }

  button.addEventListener("click", function () {
    var link = pageLink();
    button.dataset.link = link;
    function copied() { said.textContent = "Link copied"; }
    function failed() {
      said.textContent = copyBySelection(link) ? "Link copied" : "Copy this: " + link;
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(link).then(copied, failed);
    } else {
      failed();
    }
  });
})();
