// Section editor: warn before leaving with text that is neither saved nor autosaved, and show
// why an autosave was refused (409: the report was signed off meanwhile) instead of nothing.
(function () {
  const form = document.getElementById("editor-form");
  const body = document.getElementById("body");
  if (!form || !body) return;
  let saved = body.value;
  let submitting = false;
  body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) saved = body.value;
  });
  // htmx fires beforeSwap on the swap target (#autosave, inside the form), not on the textarea.
  form.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      // The server kept the text in the draft buffer: nothing would be lost by leaving.
      saved = body.value;
    }
  });
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && body.value !== saved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
