// Self-tests on the page: turns each practice quiz into a form that checks itself.
// Progressive enhancement: without this script the page shows the questions as
// text and the feedback in the solution dropdown. With it, the form (rendered
// hidden by the casetools extension) is shown and the static copy is hidden.
// Works offline: no requests, no storage. Native inputs only; the result of each
// check is written to the question's live region (aria-live="polite").
"use strict";

(() => {
  const MARK = { right: "✓ juist", wrong: "✗ niet juist" };

  function setMark(row, ok) {
    row.classList.toggle("is-right", ok === true);
    row.classList.toggle("is-wrong", ok === false);
    const mark = row.querySelector(".casetools-quiz-mark");
    if (mark) mark.textContent = ok === null ? "" : ok ? MARK.right : MARK.wrong;
  }

  function feedback(row) {
    return row.querySelector(".casetools-quiz-feedback");
  }

  function checkChoice(item) {
    const rows = Array.from(item.querySelectorAll(".casetools-quiz-option"));
    const chosen = rows.filter((r) => r.querySelector("input").checked);
    if (chosen.length === 0) return { done: false, message: "Kies eerst een antwoord." };
    const right = rows.every(
      (r) => r.querySelector("input").checked === (r.dataset.correct === "true")
    );
    for (const row of rows) {
      const picked = chosen.includes(row);
      setMark(row, picked ? row.dataset.correct === "true" : null);
      // A right answer opens the feedback on every option; a wrong one only on the choice.
      feedback(row).hidden = !(right || picked);
    }
    const said = chosen.map((r) => feedback(r).textContent.trim()).join(" ");
    return right
      ? { done: true, message: `Juist. ${said} Lees ook de feedback bij de andere antwoorden.` }
      : { done: false, message: `Niet juist. ${said} Probeer het opnieuw.` };
  }

  function checkMatching(item) {
    const rows = Array.from(item.querySelectorAll(".casetools-quiz-pair"));
    if (rows.some((r) => r.querySelector("select").value === "")) {
      return { done: false, message: "Kies eerst bij elk onderdeel een antwoord." };
    }
    let good = 0;
    for (const row of rows) {
      const ok = row.querySelector("select").value === row.dataset.correct;
      if (ok) good += 1;
      setMark(row, ok);
    }
    const all = good === rows.length;
    for (const row of rows) feedback(row).hidden = !all;
    return all
      ? { done: true, message: `Alles juist: ${good} van ${rows.length}. Lees de feedback bij elk onderdeel.` }
      : {
          done: false,
          message: `${good} van ${rows.length} juist. Verbeter de onderdelen met ✗ en controleer opnieuw.`,
        };
  }

  function reset(item) {
    for (const input of item.querySelectorAll("input")) input.checked = false;
    for (const select of item.querySelectorAll("select")) select.value = "";
    for (const row of item.querySelectorAll(".casetools-quiz-option, .casetools-quiz-pair")) {
      setMark(row, null);
      feedback(row).hidden = true;
    }
    item.querySelector(".casetools-quiz-status").textContent = "";
    item.querySelector(".casetools-quiz-retry").hidden = true;
  }

  function enhance(form) {
    for (const id of [form.dataset.static, form.dataset.solution]) {
      const element = id && document.getElementById(id);
      if (element) element.hidden = true;
    }
    form.hidden = false;
    form.addEventListener("submit", (event) => event.preventDefault());
    for (const item of form.querySelectorAll(".casetools-quiz-item")) {
      const status = item.querySelector(".casetools-quiz-status");
      const retry = item.querySelector(".casetools-quiz-retry");
      item.querySelector(".casetools-quiz-check").addEventListener("click", () => {
        const result = item.dataset.kind === "matching" ? checkMatching(item) : checkChoice(item);
        status.classList.toggle("is-right", result.done);
        status.textContent = result.message;
        retry.hidden = false;
      });
      retry.addEventListener("click", () => {
        reset(item);
        const first = item.querySelector("input, select");
        if (first) first.focus();
      });
    }
  }

  const start = () => document.querySelectorAll("form.casetools-quiz").forEach(enhance);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
