// Section editor: warn before leaving with text that is neither saved nor autosaved.
(function () {
  const form = document.getElementById("editor-form");
  const body = document.getElementById("body");
  if (!form || !body) return;
  let saved = body.value;
  let submitting = false;
  body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) saved = body.value;
  });
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && body.value !== saved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
