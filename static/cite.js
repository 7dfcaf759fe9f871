// The "Copy link" button under the map: copies the page's link at the snapshot shown.
(function () {
  "use strict";
  var button = document.getElementById("copy");
  var said = document.getElementById("said");

  function pageLink() {
    // The page's own address names the date shown. The frame's address stays the same on every
    // date: a frame whose address changed would add a browser history entry per date.
    try {
      return window.parent.location.href;
    } catch (err) {
      return document.referrer || window.location.href;
    }
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
