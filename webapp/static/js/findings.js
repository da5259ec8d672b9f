// Proofreading findings in the section editor: a “改为…” button applies its suggestion to
// the text in one click. The finding's offsets are the server's (code points, "\r\n" from the
// form), so the occurrence of the flagged text nearest to them is the one replaced. The edit
// fires "input", so autosave runs and sends back a fresh findings list; a list that arrives
// for older text (the autosave on blur) has its already-fixed findings marked as done.
(function () {
  const body = document.getElementById("body");
  if (!body) return;

  function nearestOccurrence(wanted, offset) {
    let best = -1;
    for (let at = body.value.indexOf(wanted); at !== -1; at = body.value.indexOf(wanted, at + 1)) {
      if (best === -1 || Math.abs(at - offset) < Math.abs(best - offset)) best = at;
    }
    return best;
  }

  function markDone(button, label) {
    button.disabled = true;
    button.textContent = label;
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-fix-start]");
    if (!button) return;
    const wanted = button.dataset.fixText;
    const at = nearestOccurrence(wanted, Number(button.dataset.fixStart));
    if (at === -1) {
      markDone(button, button.dataset.fixMissing);
      return;
    }
    // No focus(): the textarea's blur would autosave the text as it was before the fix.
    body.setRangeText(button.dataset.fixSuggestion, at, at + wanted.length, "select");
    body.dispatchEvent(new Event("input", { bubbles: true }));
    markDone(button, button.dataset.fixDone);
  });

  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("[data-fix-start]:not(:disabled)").forEach(function (button) {
      if (nearestOccurrence(button.dataset.fixText, Number(button.dataset.fixStart)) === -1) {
        markDone(button, button.dataset.fixDone);
      }
    });
  });
})();
