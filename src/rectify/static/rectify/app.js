/* Rectify: small progressive enhancements. No inline scripts anywhere; behaviour is
   declared with data- attributes in the templates and wired here. Pages work without it. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function $all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  /* Phone navigation: the menu button opens and closes the main navigation. */
  function initNav() {
    var button = document.querySelector("[data-nav-toggle]");
    var nav = document.getElementById("site-nav");
    if (!button || !nav) return;
    button.addEventListener("click", function () {
      var open = nav.classList.toggle("is-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open")) {
        nav.classList.remove("is-open");
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  }

  /* Confirmation before irreversible acts: data-confirm on the button (or the form). */
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var submitter = event.submitter;
      var question =
        (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      if (form.hasAttribute("data-submit-once")) {
        if (form.getAttribute("aria-busy") === "true") {
          event.preventDefault();
          event.stopImmediatePropagation();
          return;
        }
        // After the browser (or htmx) has read the form, mark it busy.
        window.setTimeout(function () {
          form.setAttribute("aria-busy", "true");
          if (submitter) submitter.classList.add("is-busy");
        }, 0);
      }
    },
    true
  );

  function unbusy(form) {
    if (!form) return;
    form.removeAttribute("aria-busy");
    $all(".is-busy", form).forEach(function (b) { b.classList.remove("is-busy"); });
  }

  // Back/forward cache: a page restored from it must not keep forms locked.
  window.addEventListener("pageshow", function () {
    $all("form[aria-busy='true']").forEach(unbusy);
  });

  /* Selects that submit their form when changed (the three lists' inspection picker). */
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-autosubmit") && event.target.tagName === "SELECT") {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });

  /* Expand / collapse every <details> of a tree. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-details-toggle]");
    if (!button) return;
    var scope = document.querySelector(button.getAttribute("data-details-scope")) || document;
    var open = button.getAttribute("data-details-toggle") === "open";
    $all("details", scope).forEach(function (d) { d.open = open; });
  });

  /* htmx: upload progress, live result counts, errors, focus after swaps. */
  function initHtmx() {
    document.body.addEventListener("htmx:xhr:progress", function (event) {
      var form = event.target.closest("[data-upload-progress]");
      if (!form || !event.detail.lengthComputable) return;
      var box = form.querySelector("[data-progress-box]");
      var bar = form.querySelector("[data-progress-bar]");
      var text = form.querySelector("[data-progress-text]");
      var pct = Math.round((100 * event.detail.loaded) / event.detail.total);
      if (box) box.hidden = false;
      if (bar) bar.value = pct;
      if (text) text.textContent = pct + "%";
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      unbusy(event.target.closest ? event.target.closest("form") : null);
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      var count = document.querySelector("[data-result-count]");
      var live = document.querySelector("[data-live-count]");
      if (count && live) live.textContent = count.textContent.trim();
      if (event.detail.target && event.detail.target.id === "main") {
        var main = document.getElementById("main");
        var alert = main && main.querySelector(".message");
        (alert || main).setAttribute("tabindex", "-1");
        (alert || main).focus();
      }
      initCharts(event.detail.target);
    });
    document.body.addEventListener("htmx:responseError", function (event) {
      showMessage(document.documentElement.lang === "en"
        ? "The request failed (" + event.detail.xhr.status + "). Please try again."
        : "请求失败（" + event.detail.xhr.status + "），请重试。");
    });
    document.body.addEventListener("htmx:sendError", function () {
      showMessage(document.documentElement.lang === "en"
        ? "The server cannot be reached. Check the network and try again."
        : "无法连接服务器，请检查网络后重试。");
    });
  }

  function showMessage(text) {
    var box = document.getElementById("messages");
    if (!box) return;
    var div = document.createElement("div");
    div.className = "message message--error";
    div.setAttribute("role", "alert");
    div.textContent = text;
    box.appendChild(div);
  }

  /* Charts (ECharts, loaded only on pages that have one): data from a JSON endpoint. */
  var STATUS_COLOURS = {
    not_started: "#8a94a6",
    in_progress: "#1f5fae",
    signoff_requested: "#b7791f",
    signed_off: "#2f7d4f",
    returned: "#b4232c",
    long_term: "#6b4fa0"
  };
  var dataCache = {};
  var charts = [];

  function getData(url) {
    if (!dataCache[url]) {
      dataCache[url] = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
    }
    return dataCache[url];
  }

  var FONT = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif';

  function statusOption(data) {
    return {
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
      legend: { bottom: 0, icon: "circle", itemWidth: 10, itemHeight: 10 },
      series: [{
        type: "pie",
        radius: ["48%", "72%"],
        center: ["50%", "44%"],
        avoidLabelOverlap: true,
        label: { show: false },
        data: data.status.map(function (s) {
          return { name: s.name, value: s.value, itemStyle: { color: STATUS_COLOURS[s.key] } };
        })
      }]
    };
  }

  function departmentOption(data) {
    var d = data.departments;
    return {
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 8, bottom: 36, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: d.names, axisLabel: { width: 96, overflow: "truncate" } },
      series: [
        { name: d.labels.done, type: "bar", stack: "all", data: d.done, itemStyle: { color: STATUS_COLOURS.signed_off } },
        { name: d.labels.open, type: "bar", stack: "all", data: d.open, itemStyle: { color: STATUS_COLOURS.in_progress } }
      ]
    };
  }

  function initCharts(root) {
    if (!window.echarts) return;
    $all("[data-chart]", root || document).forEach(function (el) {
      if (el.getAttribute("data-chart-ready")) return;
      el.setAttribute("data-chart-ready", "1");
      var kind = el.getAttribute("data-chart");
      if (kind === "data") { drawDataChart(el); return; }
      getData(el.getAttribute("data-chart-url")).then(function (data) {
        if (kind === "departments") {
          el.style.height = Math.max(180, 34 * data.departments.names.length + 60) + "px";
        }
        var chart = window.echarts.init(el, null, { renderer: "svg" });
        chart.setOption(kind === "status" ? statusOption(data) : departmentOption(data));
        charts.push(chart);
      }).catch(function () {
        el.textContent = document.documentElement.lang === "en"
          ? "The chart could not be loaded; the figures are in the table."
          : "图表加载失败，数据见表格。";
        el.classList.add("chart--failed");
      });
    });
  }

  // A dashboard panel: its figures are in a JSON block beside it (json_script), the same
  // figures as its table. Bars, stacked bars, lines or a pie.
  function dataOption(data) {
    var series = data.series.map(function (s, index) {
      if (data.type === "pie") {
        return { type: "pie", radius: ["40%", "70%"], center: ["50%", "45%"], label: { show: false },
          data: data.categories.map(function (c, i) { return { name: c, value: s.data[i] }; }) };
      }
      return { name: s.name, type: data.type === "line" ? "line" : "bar", data: s.data, barMaxWidth: 48,
        stack: index < (data.stacked || 0) ? "all" : undefined };
    });
    if (data.type === "pie") {
      var pie = { textStyle: { fontFamily: FONT }, tooltip: { trigger: "item" }, legend: { bottom: 0 }, series: series.slice(0, 1) };
      if (data.colors && data.colors.length) pie.color = data.colors;
      return pie;
    }
    return {
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 8, bottom: 36, containLabel: true },
      xAxis: { type: "category", data: data.categories, axisLabel: { width: 80, overflow: "truncate", interval: data.categories.length > 12 ? "auto" : 0, rotate: data.categories.length > 6 ? 30 : 0 } },
      yAxis: { type: "value" },
      series: series
    };
  }

  function drawDataChart(el) {
    var source = document.getElementById(el.getAttribute("data-chart-source"));
    if (!source) return;
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(dataOption(JSON.parse(source.textContent)));
    charts.push(chart);
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });

  var resizeTimer;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () {
      charts.forEach(function (c) { c.resize(); });
    }, 150);
  });

  /* A page rendered at an action's address (a form refused with a message) shows the
     address of the page itself, so that reloading or bookmarking it works. */
  function initPageUrl() {
    var meta = document.querySelector("meta[name='rectify-page-url']");
    if (meta && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", meta.getAttribute("content"));
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    initPageUrl();
    initNav();
    initHtmx();
    initCharts(document);
  });
})();


// Excel export follows the filters as they are now, even after htmx updated the table.
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-export-form]");
  if (!link) return;
  var form = link.closest("form");
  if (!form) return;
  event.preventDefault();
  var params = new URLSearchParams(new FormData(form));
  var own = new URLSearchParams(link.getAttribute("href").split("?")[1] || "");
  if (own.get("layout")) params.set("layout", own.get("layout"));
  window.location.href = link.getAttribute("href").split("?")[0] + "?" + params.toString();
});


// Import preview repairs: "split at cursor" sends where the cursor stands in the title, and
// after each change the changed node takes the focus (the tree was swapped in by htmx).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-split]");
  if (!button) return;
  var form = button.closest("form");
  var title = form && form.querySelector("[data-split-source]");
  var at = form && form.querySelector("[data-split-at]");
  if (title && at) at.value = String(title.selectionStart || 0);
});
document.addEventListener("htmx:afterSettle", function (event) {
  var target = event.detail && event.detail.target;
  if (!target || target.id !== "review-live") return;  // not when the correction form loads
  var focus = document.querySelector("[data-repair-focus]");
  if (focus) focus.focus({ preventScroll: false });
});

// "Move under…": one picker for the whole tree (a dialog with a list of every node), opened
// from a node's button; the node itself and the nodes under it cannot be chosen. Arrow keys
// choose, Enter moves, Escape closes. Without script the path field under "More" does it.
(function () {
  "use strict";
  function dialog() { return document.querySelector("[data-repair-move]"); }
  function showButtons() {
    if (!dialog() || typeof dialog().showModal !== "function") return;
    document.querySelectorAll("[data-repair-move-open]").forEach(function (b) { b.hidden = false; });
  }
  document.addEventListener("DOMContentLoaded", showButtons);
  document.addEventListener("htmx:afterSettle", showButtons);
  document.addEventListener("click", function (event) {
    var open = event.target.closest("[data-repair-move-open]");
    var close = event.target.closest("[data-repair-move-close]");
    var box = dialog();
    if (!box) return;
    if (close) { box.close(); return; }
    if (!open) return;
    var node = open.closest("[data-path]");
    var path = node.getAttribute("data-path");
    var title = node.querySelector(".repair-node__title");
    box.querySelector("[data-repair-move-path]").value = path;
    box.querySelector("[data-repair-move-node]").textContent = title ? title.value : path;
    var select = box.querySelector("[data-repair-move-target]");
    var parent = path.indexOf(".") < 0 ? "" : path.slice(0, path.lastIndexOf("."));
    Array.prototype.forEach.call(select.options, function (o) {
      o.disabled = o.value === path || o.value.indexOf(path + ".") === 0;
      o.selected = o.value === parent;
    });
    box.showModal();
    select.focus();
  });
  document.addEventListener("submit", function (event) {
    var box = dialog();
    if (box && box.contains(event.target) && box.open) box.close();
  });
})();
/* 整改方案编制: the plan grid — arrow keys between cells, Ctrl+D fill-down, a block pasted
   from Excel (tab-separated) filled from the focused cell, checks shown at once. */
(function () {
  "use strict";
  function initPlanGrid() {
  var grid = document.querySelector("[data-plan-grid]");
  if (!grid) return;

  function rows() { return Array.prototype.slice.call(grid.querySelectorAll("[data-grid-row]")); }
  function cellsOf(row) { return Array.prototype.slice.call(row.querySelectorAll("input[data-col]")); }
  function position(input) {
    var row = input.closest("[data-grid-row]");
    var all = rows();
    return { r: all.indexOf(row), c: cellsOf(row).indexOf(input), rows: all };
  }
  function at(all, r, c) {
    if (r < 0 || r >= all.length) return null;
    var cells = cellsOf(all[r]);
    return c >= 0 && c < cells.length ? cells[c] : null;
  }
  function optionsOf(id) {
    var map = {};
    var list = document.getElementById(id);
    if (!list) return map;
    Array.prototype.forEach.call(list.options, function (o) {
      map[o.value] = o.getAttribute("data-paths") || o.getAttribute("data-path") || "";
    });
    return map;
  }
  var people = optionsOf("grid-people");
  var units = optionsOf("grid-units");
  var feedback = grid.getAttribute("data-feedback");

  function value(row, col) {
    var input = row.querySelector('input[data-col="' + col + '"]');
    return input ? input.value.trim() : "";
  }
  function show(row, col, message) {
    var input = row.querySelector('input[data-col="' + col + '"]');
    if (!input) return;
    var box = input.parentNode.querySelector(".cell-error");
    var cell = input.parentNode;
    if (message) {
      cell.classList.add("has-error");
      input.setAttribute("aria-invalid", "true");
      if (box) { box.textContent = message; box.hidden = false; }
    } else if (cell.getAttribute("data-client-error")) {
      cell.classList.remove("has-error");
      input.removeAttribute("aria-invalid");
      if (box) { box.textContent = ""; box.hidden = true; }
    }
    if (message) cell.setAttribute("data-client-error", "1"); else cell.removeAttribute("data-client-error");
  }
  function check(row) {
    var deadline = value(row, "deadline");
    var early = /^\d{4}-\d{2}-\d{2}$/.test(deadline) && feedback && deadline < feedback;
    show(row, "deadline", early ? grid.getAttribute("data-msg-early") : "");
    var person = value(row, "responsible_person");
    var lead = value(row, "lead_department");
    var outside = false;
    if (person && lead && people[person] !== undefined && units[lead]) {
      outside = !people[person].split("|").some(function (p) { return p && p.indexOf(units[lead]) === 0; });
    }
    show(row, "responsible_person", outside ? grid.getAttribute("data-msg-person") : "");
    var longTerm = value(row, "kind") === "长期坚持";
    var incomplete = !lead || !person || (!longTerm && !deadline);
    row.classList.toggle("is-incomplete", incomplete);
  }
  function count() {
    var n = grid.querySelectorAll("[data-grid-row].is-incomplete").length;
    document.querySelectorAll("[data-grid-missing]").forEach(function (el) { el.textContent = n; });
  }

  grid.addEventListener("input", function (event) {
    var row = event.target.closest("[data-grid-row]");
    if (row) { check(row); count(); }
  });

  // 采用建议: the suggested kind or category goes into the cell; saved only with the grid.
  grid.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-adopt]") : null;
    if (!button) return;
    var row = button.closest("[data-grid-row]");
    var input = row && row.querySelector('input[data-col="' + button.getAttribute("data-adopt") + '"]');
    if (!input || input.readOnly) return;
    input.value = button.getAttribute("data-value");
    input.dispatchEvent(new Event("input", { bubbles: true }));
    var box = button.closest("[data-grid-suggestion]");
    if (box) box.hidden = true;
    input.focus();
  });

  grid.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-col]")) return;
    var p = position(input);
    var target = null;
    if (event.key === "ArrowDown" || (event.key === "Enter" && !event.shiftKey)) target = at(p.rows, p.r + 1, p.c);
    else if (event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey)) target = at(p.rows, p.r - 1, p.c);
    else if (event.key === "ArrowLeft" && input.selectionStart === 0 && input.selectionEnd === 0) target = at(p.rows, p.r, p.c - 1);
    else if (event.key === "ArrowRight" && input.selectionStart === input.value.length) target = at(p.rows, p.r, p.c + 1);
    else if ((event.ctrlKey || event.metaKey) && (event.key === "d" || event.key === "D")) {
      var above = at(p.rows, p.r - 1, p.c);
      event.preventDefault();
      if (above && !input.readOnly) {
        input.value = above.value;
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
      return;
    }
    if (target) { event.preventDefault(); target.focus(); target.select(); }
  });

  grid.addEventListener("paste", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-col]")) return;
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (!text || (text.indexOf("\t") < 0 && text.replace(/\r?\n$/, "").indexOf("\n") < 0)) return;
    event.preventDefault();
    var p = position(input);
    var lines = text.replace(/\r/g, "").replace(/\n$/, "").split("\n");
    lines.forEach(function (line, i) {
      line.split("\t").forEach(function (cellText, j) {
        var cell = at(p.rows, p.r + i, p.c + j);
        if (cell && !cell.readOnly) cell.value = cellText.trim();
      });
      var row = p.rows[p.r + i];
      if (row) check(row);
    });
    count();
  });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initPlanGrid);
  else initPlanGrid();
})();


/* Length limits: a field with data-maxlength (never maxlength, which makes the browser cut
   pasted text without a word) shows "used / limit" under it, marked once over the limit;
   the server refuses too long text with a message. Counts code points, as the server does. */
(function () {
  "use strict";
  function count(field) {
    var text = field.value.replace(/\r\n?/g, "\n");
    return Array.from ? Array.from(text).length : text.length;
  }
  function update(field) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    var counter = field.nextElementSibling;
    if (!counter || !counter.hasAttribute("data-char-count")) {
      counter = document.createElement("small");
      counter.className = "char-count";
      counter.setAttribute("data-char-count", "");
      counter.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", counter);
    }
    var used = count(field);
    // Always under a text area; under a one-line field once it nears its limit.
    counter.hidden = field.tagName !== "TEXTAREA" && used < limit * 0.8;
    counter.textContent = used + " / " + limit;
    counter.classList.toggle("is-over", used > limit);
    field.classList.toggle("is-over-limit", used > limit);
  }
  function initCounters(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("[data-maxlength]"), update);
  }
  document.addEventListener("input", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-maxlength")) update(event.target);
  });
  document.addEventListener("htmx:afterSettle", function (event) { initCounters(event.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { initCounters(document); });
  } else {
    initCounters(document);
  }
})();
