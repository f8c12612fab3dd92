// A box that scrolls (a wide table on a phone, a long list) must be reachable by keyboard (WCAG 2.1.1; axe's
// scrollable-region-focusable): each one that overflows gets a tab stop and a name from its table's caption.
(function () {
  "use strict";
  var BOXES = ".table-responsive, .confirm-list";

  function mark() {
    document.querySelectorAll(BOXES).forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        var caption = box.querySelector("caption");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Scrolling content");
      } else if (!scrolls && box.getAttribute("tabindex") === "0" && box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
  document.addEventListener("htmx:afterSwap", mark);
})();
