// PartnerNet's small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Copy buttons: <button data-copy="#input-id">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var input = document.querySelector(button.getAttribute("data-copy"));
    if (!input) return;
    input.select();
    var done = function () {
      var label = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () {
        document.execCommand("copy");
        done();
      });
    } else {
      document.execCommand("copy");
      done();
    }
  });

  // Destructive forms ask first: <form data-confirm="Are you sure?">.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  function enhance(root) {
    // After a failed submit, bring the first field to fix into view (it may be far down a
    // long page) and put the cursor in it; its error is read out with it.
    var invalid = root.querySelector('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    // A new group defaults to the browser's time zone.
    root.querySelectorAll("select[data-detect-timezone]").forEach(function (select) {
      if (select.dataset.touched) return;
      try {
        var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        if (zone && select.value === "UTC" && select.querySelector('option[value="' + zone + '"]')) {
          select.value = zone;
        }
      } catch (e) { /* keep the default */ }
    });
    // Length limits shown as you type, on longer text fields.
    root.querySelectorAll(".field textarea[maxlength], .field input[type=text][maxlength]").forEach(function (input) {
      var max = parseInt(input.getAttribute("maxlength"), 10);
      if (!max || max < 100 || input.dataset.counted) return;
      input.dataset.counted = "1";
      var counter = document.createElement("span");
      counter.className = "char-count";
      counter.id = (input.id || input.name) + "-count";
      input.insertAdjacentElement("afterend", counter);
      var described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
      var update = function () {
        var left = max - input.value.length;
        counter.textContent = input.value.length + " / " + max;
        counter.classList.toggle("near-limit", left <= Math.max(10, max / 10));
      };
      input.addEventListener("input", update);
      update();
    });
    // "Week of the month" only matters for monthly groups.
    root.querySelectorAll("select[data-cadence]").forEach(function (select) {
      var form = select.form;
      var nth = form && form.querySelector(".nth-weekday");
      if (!nth) return;
      var sync = function () { nth.hidden = select.value !== "monthly"; };
      select.addEventListener("change", sync);
      sync();
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });

  // Menus built on <details> close when you click elsewhere or press Escape.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    });
  });
})();
