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
      var count = document.createTextNode("");
      var unit = document.createElement("span");
      unit.className = "visually-hidden";
      unit.textContent = " characters";
      counter.append(count, unit);
      var update = function () {
        var left = max - input.value.length;
        count.nodeValue = input.value.length + " / " + max;
        counter.classList.toggle("near-limit", left <= Math.max(10, max / 10));
      };
      // A list typed one item per line (data-line-max, data-lines-max) is limited per line:
      // count the line being typed and the lines so far, and name a line that is too long.
      var lineMax = parseInt(input.dataset.lineMax, 10);
      var linesMax = parseInt(input.dataset.linesMax, 10);
      if (lineMax && linesMax) {
        update = function () {
          var lines = input.value.split("\n");
          var filled = lines.filter(function (line) { return line.trim(); }).length;
          var over = lines.findIndex(function (line) { return line.trim().length > lineMax; });
          var at = input.value.slice(0, input.selectionStart).split("\n").length - 1;
          if (over >= 0) {
            count.nodeValue = "Line " + (over + 1) + " is " + lines[over].trim().length + " / " + lineMax;
            unit.textContent = " characters, too long";
          } else {
            count.nodeValue = filled + " / " + linesMax + " lines · " + lines[at].length + " / " + lineMax;
            unit.textContent = " characters on this line";
          }
          counter.classList.toggle("near-limit", over >= 0 || filled > linesMax ||
                                   lines[at].length > lineMax - 10);
        };
        input.addEventListener("keyup", update);
        input.addEventListener("click", update);
      }
      input.addEventListener("input", update);
      update();
    });
    // Text areas grow with their text (where the browser can); `rows` sets their least height.
    root.querySelectorAll(".field textarea[rows]").forEach(function (area) {
      area.style.setProperty("--rows", area.getAttribute("rows"));
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

  // The group's sub-navigation scrolls sideways when its links don't fit: keep the current
  // one in view and flag the clipped sides, which the stylesheet fades out.
  function watchOverflow(nav) {
    var flag = function () {
      var max = nav.scrollWidth - nav.clientWidth;
      nav.classList.toggle("more-before", nav.scrollLeft > 1);
      nav.classList.toggle("more-after", nav.scrollLeft < max - 1);
    };
    var current = nav.querySelector("[aria-current]");
    if (current && current.offsetLeft + current.offsetWidth > nav.clientWidth) {
      nav.scrollLeft = current.offsetLeft - nav.clientWidth / 3;
    }
    nav.addEventListener("scroll", flag, { passive: true });
    window.addEventListener("resize", flag);
    flag();
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    document.querySelectorAll(".subnav").forEach(watchOverflow);
  });
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

// The referral slip: find a partner by typing a few letters, and show "expects the call" only
// for outside referrals. Without this file the slip is a plain form with a list to choose from.
(function () {
  "use strict";

  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function partnerFinder(finder) {
    var select = document.getElementById(finder.getAttribute("data-partner-finder"));
    var input = finder.querySelector("input");
    var list = finder.querySelector("ul");
    if (!select || !input || !list || finder.dataset.ready) return;
    finder.dataset.ready = "1";
    finder.hidden = false;
    var options = Array.prototype.filter.call(select.options, function (o) { return o.value; });

    function choose(option) {
      select.value = option.value;
      // htmx listens for change: it loads the partner's criteria and checks for duplicates.
      select.dispatchEvent(new Event("change", { bubbles: true }));
      input.value = "";
      list.hidden = true;
      list.textContent = "";
      select.focus();
    }

    function show() {
      var query = fold(input.value.trim());
      list.textContent = "";
      if (!query) { list.hidden = true; return; }
      var found = options.filter(function (o) {
        return fold(o.text + " " + (o.getAttribute("data-search") || "")).indexOf(query) !== -1;
      }).slice(0, 6);
      found.forEach(function (option) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "partner-option";
        var parts = option.text.split(" — ");
        var name = document.createElement("span");
        name.textContent = parts[0];
        button.appendChild(name);
        if (parts[1]) {
          var business = document.createElement("span");
          business.className = "muted";
          business.textContent = parts.slice(1).join(" — ");
          button.appendChild(business);
        }
        button.addEventListener("click", function () { choose(option); });
        item.appendChild(button);
        list.appendChild(item);
      });
      if (!found.length) {
        var none = document.createElement("li");
        none.className = "empty";
        none.textContent = "No partner matches “" + input.value.trim() + "”.";
        list.appendChild(none);
      }
      list.hidden = false;
    }

    input.addEventListener("input", show);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        // Enter picks the first match rather than sending a half-filled slip.
        event.preventDefault();
        var first = list.querySelector(".partner-option");
        if (first) first.click();
      } else if (event.key === "ArrowDown") {
        var firstOption = list.querySelector(".partner-option");
        if (firstOption) { event.preventDefault(); firstOption.focus(); }
      } else if (event.key === "Escape") {
        input.value = "";
        show();
      }
    });
    list.addEventListener("keydown", function (event) {
      var buttons = Array.prototype.slice.call(list.querySelectorAll(".partner-option"));
      var at = buttons.indexOf(document.activeElement);
      if (at === -1) return;
      if (event.key === "ArrowDown" && at < buttons.length - 1) { event.preventDefault(); buttons[at + 1].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); (at ? buttons[at - 1] : input).focus(); }
    });
  }

  function outsideOnly(form) {
    var box = form.querySelector("[data-outside-only]");
    var radios = form.querySelectorAll('input[name="kind"]');
    if (!box || !radios.length || form.dataset.kindWatched) return;
    form.dataset.kindWatched = "1";
    var sync = function () {
      var chosen = form.querySelector('input[name="kind"]:checked');
      box.hidden = !!chosen && chosen.value !== "outside";
    };
    radios.forEach(function (radio) { radio.addEventListener("change", sync); });
    sync();
  }

  function enhance(root) {
    root.querySelectorAll("[data-partner-finder]").forEach(partnerFinder);
    root.querySelectorAll("form").forEach(function (form) {
      if (form.querySelector("[data-outside-only]")) outsideOnly(form);
    });
  }

  // A ledger period the server refuses (400) still answers with the page and its
  // message next to the field: show it instead of leaving the old figures up.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (event.detail.xhr.status === 400 && target && target.id === "ledger-body") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Keep the chosen period chip and tab visible in rows that scroll sideways on phones.
  function revealCurrent(root) {
    root.querySelectorAll(".chips [aria-current], .ledger-tabs [aria-current]").forEach(function (el) {
      var row = el.parentElement;
      while (row && row.scrollWidth <= row.clientWidth) row = row.parentElement;
      if (!row || row === document.body || row === document.documentElement) return;
      var left = el.getBoundingClientRect().left - row.getBoundingClientRect().left + row.scrollLeft;
      if (left < row.scrollLeft || left + el.offsetWidth > row.scrollLeft + row.clientWidth) {
        row.scrollLeft = Math.max(0, left - 16);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); revealCurrent(document); });
  document.addEventListener("htmx:load", function (event) {
    if (event.target.querySelectorAll) { enhance(event.target); revealCurrent(event.target); }
  });
})();

// Run mode's clocks: countdowns ([data-ends-at]) and the elapsed time ([data-since]) tick
// every half second from the server's own clock (the stage's data-server-now), so a laptop
// whose clock is a minute off still shows the room the right time. Without this file the
// page shows the figures as they were when it was drawn.
(function () {
  "use strict";
  var skew = 0; // server time minus this device's

  function syncClock(root) {
    var stage = root.querySelector ? root.querySelector("[data-server-now]") : null;
    if (!stage && root.matches && root.matches("[data-server-now]")) stage = root;
    if (stage) skew = Date.parse(stage.getAttribute("data-server-now")) - Date.now();
  }

  function clock(seconds) {
    var s = Math.abs(seconds);
    var text = Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
    return text;
  }

  function tick() {
    var now = Date.now() + skew;
    document.querySelectorAll("[data-ends-at]").forEach(function (el) {
      var left = Math.round((Date.parse(el.getAttribute("data-ends-at")) - now) / 1000);
      el.textContent = clock(left);
      el.classList.toggle("over", left < 0);
      el.classList.toggle("soon", left >= 0 && left <= 30);
    });
    document.querySelectorAll("[data-since]").forEach(function (el) {
      el.textContent = clock(Math.max(0, Math.round((now - Date.parse(el.getAttribute("data-since"))) / 1000)));
    });
  }

  // A presentation clicker sends Page Down / Page Up; arrows work too.
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    var which = { PageDown: "next", ArrowRight: "next", PageUp: "prev", ArrowLeft: "prev" }[event.key];
    if (!which) return;
    var button = document.querySelector("#stage [data-run-" + which + "]");
    if (button) { event.preventDefault(); button.click(); }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-fullscreen]")) {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen();
    }
    if (event.target.closest("[data-print]")) window.print();
  });

  function reveal(root) {
    if (document.fullscreenEnabled) {
      root.querySelectorAll("[data-fullscreen]").forEach(function (b) { b.hidden = false; });
    }
    root.querySelectorAll("[data-print]").forEach(function (b) { b.hidden = false; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    syncClock(document); reveal(document); tick();
    if (document.querySelector("#stage, [data-ends-at], [data-since]")) setInterval(tick, 500);
  });
  document.addEventListener("htmx:load", function (event) {
    if (!event.target.querySelectorAll) return;
    syncClock(event.target); reveal(event.target); tick();
  });
})();

// Agendas: drag an item to reorder (the Up and Down buttons are the keyboard's way, and work
// without this file). The new order is posted with the hidden order form; the move is
// announced for screen readers, and after htmx swaps the agenda in, focus goes back to the
// button that was pressed (or its neighbour, when that one is now disabled).
(function () {
  "use strict";
  var focusKey = null;

  function announce(text) {
    var status = document.getElementById("agenda-status");
    if (status) status.textContent = text;
  }

  function sortable(list) {
    if (list.dataset.sortable) return;
    list.dataset.sortable = "1";
    var form = document.getElementById(list.getAttribute("data-order-form"));
    if (!form) return;
    var dragged = null;
    var before = "";
    var items = function () { return Array.prototype.slice.call(list.querySelectorAll("li[data-item-id]")); };
    // Items are dragged by their handle, so text in an open editor can still be selected.
    items().forEach(function (item) {
      var handle = item.querySelector(".agenda-handle");
      if (!handle) return;
      handle.hidden = false;
      handle.draggable = true;
    });
    list.addEventListener("dragstart", function (event) {
      var handle = event.target.closest && event.target.closest(".agenda-handle");
      var item = handle && handle.closest("li[data-item-id]");
      if (!item) return;
      dragged = item;
      if (event.dataTransfer.setDragImage) event.dataTransfer.setDragImage(item, 24, 24);
      before = items().map(function (li) { return li.dataset.itemId; }).join(",");
      item.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.dataset.itemId);
    });
    list.addEventListener("dragover", function (event) {
      if (!dragged) return;
      event.preventDefault();
      var over = event.target.closest && event.target.closest("li[data-item-id]");
      if (!over || over === dragged) return;
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
    });
    list.addEventListener("drop", function (event) { if (dragged) event.preventDefault(); });
    list.addEventListener("dragend", function () {
      if (!dragged) return;
      var item = dragged;
      dragged = null;
      item.classList.remove("dragging");
      var order = items().map(function (li) { return li.dataset.itemId; });
      if (order.join(",") === before) return;
      form.querySelectorAll('input[name="item_ids"]').forEach(function (input) { input.remove(); });
      order.forEach(function (id) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = "item_ids";
        input.value = id;
        form.appendChild(input);
      });
      announce("Moved “" + item.dataset.title + "” to " + (order.indexOf(item.dataset.itemId) + 1) +
               " of " + order.length + ".");
      focusKey = "edit-" + item.dataset.itemId;
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    });
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var active = document.activeElement;
    if (active && active.closest && active.closest("#agenda") && active.getAttribute("data-focus-key")) {
      focusKey = active.getAttribute("data-focus-key");
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var agenda = document.getElementById("agenda");
    if (!agenda || !agenda.contains(event.target) && event.target !== agenda) return;
    if (agenda.querySelector('[aria-invalid="true"]')) { focusKey = null; return; }
    if (!focusKey) return;
    var key = focusKey;
    focusKey = null;
    var id = key.replace(/^\w+-/, "");
    var candidates = [key, key.indexOf("up-") === 0 ? "down-" + id : "up-" + id, "edit-" + id];
    for (var i = 0; i < candidates.length; i++) {
      var target = agenda.querySelector('[data-focus-key="' + candidates[i] + '"]:not([disabled])');
      if (target) { target.focus(); return; }
    }
    var heading = document.getElementById("agenda-title");
    if (heading) heading.focus();
  });

  function enhance(root) {
    if (!root.querySelectorAll) return;
    if (root.matches && root.matches("[data-agenda-list]")) sortable(root);
    root.querySelectorAll("[data-agenda-list]").forEach(sortable);
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();
