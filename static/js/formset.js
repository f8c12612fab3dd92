// "Add a session": copies the empty row from its <template>, numbers it, and counts it in TOTAL_FORMS.
// Loaded as a file (no inline script), so the Content-Security-Policy stays strict.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-add-row]");
  if (!button) return;
  const body = document.getElementById(button.dataset.addRow);
  const template = document.getElementById(button.dataset.template);
  const total = document.getElementById(`id_${button.dataset.prefix}-TOTAL_FORMS`);
  const index = Number(total.value);
  const html = template.innerHTML.replaceAll("__prefix__", String(index));
  body.insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  const numberInput = body.lastElementChild.querySelector("input[type=number]");
  if (numberInput) {
    numberInput.value = String(index);
    numberInput.focus();
  }
});
