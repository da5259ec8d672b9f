// Review page: a text selection in the revision becomes the range of a suggested edit.
(function () {
  const container = document.getElementById("review-text");
  const start = document.getElementById("suggestion-start");
  const end = document.getElementById("suggestion-end");
  const quote = document.getElementById("suggestion-quote");
  const replacement = document.getElementById("suggestion-replacement");
  const submit = document.getElementById("suggestion-submit");
  if (!container || !start || !end) return;
  let prefilled = "";
  function offsetOf(node, offset) {
    const range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    return range.toString().length;
  }
  document.addEventListener("selectionchange", function () {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return;
    const from = offsetOf(range.startContainer, range.startOffset);
    const to = offsetOf(range.endContainer, range.endOffset);
    if (to <= from) return;
    const selected = container.textContent.slice(from, to);
    start.value = from;
    end.value = to;
    quote.textContent = "“" + selected + "”";
    // Start the replacement from the selected words unless the reviewer already typed one.
    if (replacement.value === prefilled) {
      replacement.value = selected;
      prefilled = selected;
    }
    submit.disabled = false;
  });
})();
