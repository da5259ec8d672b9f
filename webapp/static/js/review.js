// Review page: turn a text selection in the revision into character offsets for a comment.
// The text is made caret-navigable (contenteditable, but every edit is refused) so a keyboard
// user can select with Shift+arrows and press "批注选中的文字"; a mouse selection works as before.
(function () {
  const container = document.getElementById("review-text");
  const start = document.getElementById("comment-start");
  const end = document.getElementById("comment-end");
  const quote = document.getElementById("comment-quote");
  const anchorButton = document.getElementById("anchor-selection");
  const commentBody = document.getElementById("comment-body");
  if (!container || !start || !end) return;
  const original = container.textContent;

  function offsetOf(node, offset) {
    const range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  // The selection inside the text as [from, to], or null when there is none.
  function selectedOffsets() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
    const from = offsetOf(range.startContainer, range.startOffset);
    const to = offsetOf(range.endContainer, range.endOffset);
    return to > from ? [from, to] : null;
  }

  function anchorSelection() {
    const offsets = selectedOffsets();
    if (!offsets) return false;
    start.value = offsets[0];
    end.value = offsets[1];
    quote.textContent = "“" + original.slice(offsets[0], offsets[1]) + "”";
    return true;
  }

  document.addEventListener("selectionchange", anchorSelection);

  // Read-only text with a caret: Tab reaches it, arrows move, Shift+arrows select.
  container.setAttribute("contenteditable", "true");
  container.setAttribute("role", "textbox");
  container.setAttribute("aria-readonly", "true");
  container.setAttribute("aria-multiline", "true");
  container.setAttribute("inputmode", "none");
  container.setAttribute("spellcheck", "false");
  container.addEventListener("beforeinput", function (event) { event.preventDefault(); });
  // Input that cannot be cancelled (an IME composition) is undone at once.
  container.addEventListener("input", function () { container.textContent = original; });

  if (anchorButton) {
    anchorButton.classList.remove("d-none");
    anchorButton.addEventListener("click", function () {
      if (anchorSelection() || start.value) {
        if (commentBody) commentBody.focus();
      } else {
        quote.textContent = quote.dataset.empty;
        container.focus();
      }
    });
  }
})();
