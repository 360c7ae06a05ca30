// Work around two Dutch-locale errors in Sphinx 9.0's search page.
// The Dutch catalogue ships untranslated plural entries (["", ""]) and a
// plural rule that returns true/false, which doctools.js then uses as an array
// index: "Cannot read properties of undefined (reading 'replace')". Dropping
// the empty entries makes Sphinx fall back to its English text, and wrapping
// the rule in Number() gives a valid index. Runs after translations.js.
(() => {
  if (typeof Documentation === "undefined") return;
  const catalog = Documentation.TRANSLATIONS || {};
  for (const [key, value] of Object.entries(catalog)) {
    if (Array.isArray(value) && value.every((text) => text === "")) delete catalog[key];
  }
  const rule = Documentation.PLURAL_EXPR;
  if (typeof rule === "function") Documentation.PLURAL_EXPR = (n) => Number(rule(n));
})();
