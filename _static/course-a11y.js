// Accessibility repairs for the theme's navigation, applied in the browser.
// pydata-sphinx-theme 0.20 builds the sidebar's expandable sections as
// <details><summary> with only an icon inside the summary, so a screen reader
// announces an unnamed control (axe-core: summary-name). Each such summary is
// named after the page it opens, in Dutch. Built in Python by the theme
// (toctree.py), not from a template, so this cannot be a template override.
document.addEventListener("DOMContentLoaded", () => {
  for (const summary of document.querySelectorAll("nav details > summary")) {
    if (summary.textContent.trim() || summary.hasAttribute("aria-label")) continue;
    const link = summary.parentElement.previousElementSibling;
    const title = link && link.tagName === "A" ? link.textContent.trim() : "";
    summary.setAttribute("aria-label", title ? `Onderdelen van ${title}` : "Onderdelen");
  }
});

// Printing unfolds every <details> (solutions included) and folds back what
// was closed afterwards; Chromium also does this in CSS (course.css), which
// covers a print media emulation that fires no beforeprint event.
(() => {
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = [...document.querySelectorAll("details:not([open])")];
    for (const details of opened) details.open = true;
  });
  window.addEventListener("afterprint", () => {
    for (const details of opened) details.open = false;
    opened = [];
  });
})();

// The theme makes every scrollable table and code block focusable
// (tabindex="0", so keyboard users can scroll it) but gives it no role or
// name: a screen reader then lands on an unnamed group (axe-core:
// focus-order-semantics). A named region is the pattern for a focusable scroll
// container. The theme sets (and, on resizes and DOM changes, resets) the
// tab stops itself, so each one is named the moment it appears.
(() => {
  const name = (box) => {
    if (box.tabIndex !== 0 || box.hasAttribute("role")) return;
    const caption = box.querySelector("caption");
    box.setAttribute("role", "region");
    box.setAttribute(
      "aria-label",
      caption ? caption.textContent.trim() : box.tagName === "PRE" ? "Codevoorbeeld" : "Tabel",
    );
  };
  const selector = ".pst-scrollable-table-container, pre";
  new MutationObserver((changes) => {
    for (const change of changes) if (change.target.matches(selector)) name(change.target);
  }).observe(document.documentElement, { subtree: true, attributeFilter: ["tabindex"] });
  document.addEventListener("DOMContentLoaded", () => {
    for (const box of document.querySelectorAll(selector)) name(box);
  });
})();

// Opened from a folder (file://, a USB stick, an unpacked LMS zip), the search
// page cannot fetch the result pages for their summaries: Chromium refuses
// fetch() on file:// URLs. The search itself works (its index is a script);
// there it lists the pages without summaries instead of failing on each one.
if (window.location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
  DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
}
