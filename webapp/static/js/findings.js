// Proofreading findings in the section editor: a “改为…” button applies its suggestion to
// the text in one click. The finding's offsets are the server's (code points, "\r\n" from the
// form), so the occurrence of the flagged text nearest to them is the one replaced. The edit
// fires "input", so autosave runs and sends back a fresh findings list.
(function () {
  const body = document.getElementById("body");
  if (!body) return;

  function nearestOccurrence(text, wanted, offset) {
    let best = -1;
    for (let at = text.indexOf(wanted); at !== -1; at = text.indexOf(wanted, at + 1)) {
      if (best === -1 || Math.abs(at - offset) < Math.abs(best - offset)) best = at;
    }
    return best;
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-fix-start]");
    if (!button) return;
    const wanted = button.dataset.fixText;
    const suggestion = button.dataset.fixSuggestion;
    const at = nearestOccurrence(body.value, wanted, Number(button.dataset.fixStart));
    button.disabled = true;
    if (at === -1) {
      button.textContent = button.dataset.fixMissing;
      return;
    }
    body.focus();
    body.setRangeText(suggestion, at, at + wanted.length, "select");
    body.dispatchEvent(new Event("input", { bubbles: true }));
    button.textContent = button.dataset.fixDone;
  });
})();
