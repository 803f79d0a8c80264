// A table wider than the screen scrolls inside its own box: make that box reachable with the
// keyboard (tabindex) and named for screen readers, so the scrolled-away columns stay readable.
(function () {
  function mark() {
    document.querySelectorAll("main table, main .table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        if (!box.hasAttribute("aria-label")) {
          var caption = box.querySelector("caption");
          box.setAttribute("aria-label", caption ? caption.textContent : "Table (scrolls sideways)");
        }
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
  window.addEventListener("resize", mark);
  document.addEventListener("htmx:afterSettle", mark);
})();
