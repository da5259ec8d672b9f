// Forms marked data-confirm ask before they submit (e.g. archiving a section).
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    const message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
