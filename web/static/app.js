/* newsarchive: small enhancements; every page works without this file. */
(function () {
  "use strict";
  var FOCUS_KEY = "newsarchive-focus";
  document.documentElement.classList.add("js");

  // "/" focuses the search box (unless the user is typing somewhere).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    var box = document.querySelector("[data-search-box]");
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  // Phones show the filter panel under the results, folded (see below).
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 760px)") : null;
  var isNarrow = function () { return !!(narrow && narrow.matches); };

  // Facet checkboxes apply at once; focus returns to the same checkbox after the reload, except
  // on phones, where the updated results (above the folded panel) are what the reader wants.
  var form = document.querySelector("form[data-autosubmit]");
  if (form) {
    form.addEventListener("change", function (event) {
      if (event.target.type !== "checkbox") return;
      try { sessionStorage.setItem(FOCUS_KEY, event.target.id); } catch (e) { /* private mode */ }
      form.submit();
    });
    var focusId = null;
    try {
      focusId = sessionStorage.getItem(FOCUS_KEY);
      sessionStorage.removeItem(FOCUS_KEY);
    } catch (e) { /* private mode */ }
    var previous = focusId && document.getElementById(focusId);
    if (previous && !isNarrow()) previous.focus();
  }

  // The filter panel is always open on wide screens, folded on phones until asked for.
  var panel = document.querySelector("[data-facets-panel]");
  if (panel && narrow) {
    var summary = panel.querySelector("summary");
    var fit = function () {
      // On wide screens the panel cannot fold, so its summary is no tab stop either.
      if (summary) summary.tabIndex = narrow.matches ? 0 : -1;
      if (!narrow.matches) panel.open = true;
    };
    if (narrow.matches) panel.open = false;  // active filters show as chips above the results
    panel.addEventListener("toggle", function () {
      if (!narrow.matches && !panel.open) panel.open = true;
    });
    if (narrow.addEventListener) narrow.addEventListener("change", fit);
    fit();
    // "Filters" in the toolbar (phones) jumps to the panel: unfold it on the way.
    document.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest('a[href="#filters"]')) panel.open = true;
    });
  }
})();
