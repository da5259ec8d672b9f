// Phones: each table row in a .tg-scroll box is shown as a card (see app.css); every cell is
// labelled with its column's heading so the card still says what each value is.
(function () {
  document.querySelectorAll(".tg-scroll table").forEach(function (table) {
    const headings = Array.from(table.querySelectorAll("thead tr:last-child th")).map(function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.from(row.children).forEach(function (cell, index) {
        if (headings[index] && cell.colSpan === 1) cell.dataset.label = headings[index];
      });
    });
  });
})();
