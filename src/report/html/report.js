// baomi HTML report: filter, sort and page the findings table rendered by the server.
// Without this script every row shows, in report order. With it (the head script has set
// class "js" before the rows are parsed, so the browser never lays out 20,000 rows at
// once) only one page of the matching rows is displayed (rows with class "on").
// No network, no storage.
(function () {
  "use strict";
  try {
    main();
  } catch (e) {
    // Never leave the table blank: without this script every row shows.
    document.documentElement.classList.remove("js");
    throw e;
  }

function main() {
  var table = document.getElementById("findings");
  var bar = document.getElementById("filters");
  if (!table || !bar) return;
  bar.hidden = false;
  var tbody = table.tBodies[0];
  var original = Array.prototype.slice.call(tbody.rows);
  var byId = function (id) { return document.getElementById(id); };
  var fSev = byId("f-sev"), fKind = byId("f-kind"), fUnit = byId("f-unit");
  var fHidden = byId("f-hidden"), fText = byId("f-text"), count = byId("f-count");
  var fSize = byId("f-size"), prev = byId("f-prev"), next = byId("f-next");
  var order = original;   // rows in display order (sorted or as given)
  var matches = original; // rows of `order` that pass the filters
  var shown = [];         // rows with class "on"
  var page = 0;
  var search = null;      // lower-cased row texts, by original index, built on first search
  original.forEach(function (r, i) { r._i = i; });

  function pageSize() { return +fSize.value || matches.length || 1; }

  function render() {
    var size = pageSize(), pages = Math.max(1, Math.ceil(matches.length / size));
    page = Math.min(Math.max(page, 0), pages - 1);
    var rows = matches.slice(page * size, page * size + size);
    shown.forEach(function (r) { r.classList.remove("on"); });
    // Only displayed rows need to be in order; hidden ones may sit anywhere.
    var frag = document.createDocumentFragment();
    rows.forEach(function (r) { r.classList.add("on"); frag.appendChild(r); });
    tbody.appendChild(frag);
    shown = rows;
    var from = matches.length ? page * size + 1 : 0;
    count.textContent = "第 " + from + "–" + (page * size + rows.length) + " 条，筛选后 " +
      matches.length + " / 共 " + original.length + " 条 · 第 " + (page + 1) + "/" + pages + " 页";
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }

  function filter() {
    var min = +fSev.value, kind = fKind.value, unit = fUnit ? fUnit.value : "";
    var hiddenOnly = fHidden.checked, q = fText.value.trim().toLowerCase();
    if (q && !search) {
      search = original.map(function (r) { return r.textContent.toLowerCase(); });
    }
    matches = order.filter(function (r) {
      return +r.getAttribute("data-s") >= min &&
        (!kind || r.getAttribute("data-k") === kind) &&
        (!unit || r.getAttribute("data-u") === unit) &&
        (!hiddenOnly || r.hasAttribute("data-h")) &&
        (!q || search[r._i].indexOf(q) >= 0);
    });
    page = 0;
    render();
  }

  var timer = 0;
  [fSev, fKind, fUnit, fHidden].forEach(function (el) {
    if (el) el.addEventListener("change", filter);
  });
  fText.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(filter, 150); });
  fSize.addEventListener("change", function () { page = 0; render(); });
  prev.addEventListener("click", function () { page--; render(); });
  next.addEventListener("click", function () { page++; render(); });
  byId("f-reset").addEventListener("click", function () {
    fSev.value = "0"; fKind.value = ""; if (fUnit) fUnit.value = "";
    fHidden.checked = false; fText.value = "";
    sortBy(null);
  });

  // Sort keys: digit runs zero-padded, so "第10页" follows "第9页" and "12:3" follows "6:26".
  var pad = function (s) {
    return s.replace(/\d+/g, function (d) { return ("0000000000" + d).slice(-Math.max(10, d.length)); });
  };
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function sortBy(th) {
    // Severity sorts most severe first; a second click reverses.
    var now = th && th.getAttribute("aria-sort");
    var bySev = th && th.getAttribute("data-sort") === "sev";
    var dir = now ? (now === "ascending" ? -1 : 1) : (bySev ? -1 : 1);
    heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
    if (!th) {
      order = original;
    } else {
      var col = th.cellIndex;
      var keyed = original.map(function (r) {
        return { r: r, k: bySev ? +r.getAttribute("data-s") : pad(r.cells[col].textContent) };
      });
      keyed.sort(function (a, b) {
        var c = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
        return c * dir || a.r._i - b.r._i;
      });
      order = keyed.map(function (x) { return x.r; });
      th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
    }
    filter();
  }
  heads.forEach(function (th) {
    if (!th.hasAttribute("data-sort")) return;
    th.tabIndex = 0;
    th.title = "点击排序 click to sort";
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(th); }
    });
  });

  // A link to a row (#r123, from the overview by file): that file's rows, on the row's page.
  function reveal() {
    var row = location.hash.length > 2 && byId(location.hash.slice(1));
    if (!row || row.parentNode !== tbody || row.classList.contains("on")) return;
    var at = matches.indexOf(row);
    if (at < 0) {
      fSev.value = "0"; fKind.value = ""; if (fUnit) fUnit.value = "";
      fHidden.checked = false; fText.value = "";
      filter();
      at = matches.indexOf(row);
    }
    page = Math.floor(at / pageSize());
    render();
    row.scrollIntoView();
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a[data-path]") : null;
    if (!a) return;
    fText.value = a.getAttribute("data-path");
    filter();
  });
  window.addEventListener("hashchange", reveal);
  filter();
  reveal();
}
})();
