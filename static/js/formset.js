// "Add a session": copies the empty row from its <template>, numbers it, and counts it in TOTAL_FORMS.
// Loaded as a file (no inline script), so the Content-Security-Policy stays strict.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-add-row]");
  if (!button) return;
  const body = document.getElementById(button.dataset.addRow);
  const template = document.getElementById(button.dataset.template);
  const total = document.getElementById(`id_${button.dataset.prefix}-TOTAL_FORMS`);
  const index = Number(total.value);
  // The next session's number follows the highest already in the table (not the row count: a programme
  // without orientation starts at Day 1, and rows may have been renumbered), so two new rows never share one.
  const taken = [...body.querySelectorAll("input[type=number][name$='-number']")]
    .filter((input) => input.value !== "")
    .map((input) => Number(input.value));
  const next = taken.length ? Math.max(...taken) + 1 : 1;
  const html = template.innerHTML.replaceAll("__prefix__", String(index));
  body.insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  const row = body.lastElementChild;
  const numberInput = row.querySelector("input[type=number]");
  if (numberInput) {
    numberInput.value = String(next);
    // The new row's hidden labels say "of New session"; name it after the number it proposes.
    row.querySelectorAll("label").forEach((label) => {
      label.textContent = label.textContent.replace("New session", `Day ${next}`);
    });
    numberInput.focus();
  }
});
