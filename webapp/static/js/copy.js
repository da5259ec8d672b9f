// Buttons with data-copy-target copy that field's text and then say so (data-done).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copyTarget);
  if (!field) return;
  navigator.clipboard.writeText(field.value).then(() => {
    button.textContent = button.dataset.done;
  });
});
