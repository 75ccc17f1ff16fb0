// The desk's only script: htmx settings and the scan box that keeps focus.
// A USB hand scanner types into whatever has focus; on the circulation page
// that must always be the scan box, also after a click on a loan's button.
document.addEventListener("DOMContentLoaded", function () {
  if (window.htmx) {
    // Swap error pages too (4xx/5xx bodies are one-line messages).
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "[45]..", swap: true, error: true },
    ];
  }
  refocus();
});

function refocus() {
  var box = document.querySelector("[data-scan-box]");
  if (box && document.activeElement !== box) {
    var tag = document.activeElement && document.activeElement.tagName;
    if (tag !== "INPUT" && tag !== "TEXTAREA" && tag !== "SELECT") box.focus();
  }
}

document.addEventListener("htmx:afterSettle", refocus);
document.addEventListener("click", function () { setTimeout(refocus, 0); });

// Reports: typing a date means "these dates", whatever period was ticked.
document.addEventListener("change", (event) => {
  if (event.target.matches(".report-form input[type=date]")) {
    const dates = document.querySelector(".report-form input[value=dates]");
    if (dates) dates.checked = true;
  }
});
