// Review page: turn a text selection in the revision into character offsets for a comment.
(function () {
  const container = document.getElementById("review-text");
  const start = document.getElementById("comment-start");
  const end = document.getElementById("comment-end");
  const quote = document.getElementById("comment-quote");
  if (!container || !start || !end) return;
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
    start.value = from;
    end.value = to;
    quote.textContent = "“" + container.textContent.slice(from, to) + "”";
  });
})();
