// Filters the exercise library table by the data attributes of its rows.
// Runs only on pages that have the table; does nothing elsewhere.
document.addEventListener("DOMContentLoaded", () => {
  for (const library of document.querySelectorAll(".casetools-library")) {
    const selects = library.querySelectorAll("select[data-filter]");
    const rows = library.querySelectorAll("tbody tr");
    const count = library.querySelector(".casetools-count");
    const apply = () => {
      let shown = 0;
      for (const row of rows) {
        const visible = Array.from(selects).every(
          (s) => s.value === "" || row.dataset[s.dataset.filter] === s.value
        );
        row.hidden = !visible;
        if (visible) shown += 1;
      }
      count.textContent = `${shown} van ${rows.length} opgaven`;
    };
    for (const s of selects) s.addEventListener("change", apply);
    apply();
  }
});
