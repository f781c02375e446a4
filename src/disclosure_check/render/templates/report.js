// Filters, search and sorting. Without this script every row is shown and the controls stay hidden.
// The filter state lives in the URL fragment (#status=missing,partial&category=3&q=章程), so a filtered view
// can be linked to; a fragment without "=" is an ordinary anchor.
(function () {
  "use strict";
  var filters = document.getElementById("filters");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-item]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("tbody[data-category]"));
  var texts = null;

  function params() {
    var out = {};
    var sources = [location.search.slice(1), location.hash.indexOf("=") > 0 ? location.hash.slice(1) : ""];
    sources.forEach(function (source) {
      source.split("&").forEach(function (pair) {
        var at = pair.indexOf("=");
        if (at > 0) out[decodeURIComponent(pair.slice(0, at))] = decodeURIComponent(pair.slice(at + 1).replace(/\+/g, " "));
      });
    });
    return out;
  }

  function apply(remember) {
    var boxes = filters.querySelectorAll("input[name=status]");
    var wanted = {}, chosen = [];
    Array.prototype.forEach.call(boxes, function (box) { wanted[box.value] = box.checked; if (box.checked) chosen.push(box.value); });
    var category = filters.querySelector("select[name=category]").value;
    var query = filters.querySelector("input[name=q]").value.trim().toLowerCase();
    if (query && !texts) texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var shown = 0;
    rows.forEach(function (row, index) {
      var ok = wanted[row.getAttribute("data-status")] && (!category || row.parentNode.getAttribute("data-category") === category) &&
        (!query || texts[index].indexOf(query) >= 0);
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    groups.forEach(function (group) { group.hidden = !group.querySelector("tr[data-item]:not([hidden])"); });
    var output = document.getElementById("shown");
    output.textContent = output.getAttribute("data-template").replace("{shown}", shown).replace("{total}", rows.length);
    if (remember && window.history && history.replaceState) {
      var state = [];
      if (chosen.length !== boxes.length) state.push("status=" + chosen.join(","));
      if (category) state.push("category=" + encodeURIComponent(category));
      if (query) state.push("q=" + encodeURIComponent(query));
      history.replaceState(null, "", state.length ? "#" + state.join("&") : location.pathname + location.search);
    }
  }

  if (filters) {
    var given = params();
    if (given.status) {
      var keep = given.status.split(",");
      Array.prototype.forEach.call(filters.querySelectorAll("input[name=status]"), function (box) {
        box.checked = keep.indexOf(box.value) >= 0;
      });
    }
    if (given.category) filters.querySelector("select[name=category]").value = given.category;
    if (given.q) filters.querySelector("input[name=q]").value = given.q;
    filters.hidden = false;
    var timer = null;
    filters.addEventListener("change", function () { apply(true); });
    filters.addEventListener("input", function (event) {
      if (event.target.name !== "q") return;
      clearTimeout(timer);
      timer = setTimeout(function () { apply(true); }, rows.length > 2000 ? 250 : 60);
    });
    apply(false);
  }

  // Sorting: a click on a heading of a .sortable table sorts by that column (numbers as numbers).
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var hint = table.parentNode.parentNode.querySelector(".js-only");
    if (hint) hint.hidden = false;
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (head, column) {
      head.tabIndex = 0;
      function sort() {
        var descending = head.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
        head.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var body = table.tBodies[0];
        var keyed = Array.prototype.map.call(body.rows, function (row) {
          var cell = row.cells[column];
          var value = cell ? (cell.getAttribute("data-v") || cell.textContent.trim()) : "";
          var number = parseFloat(value);
          return { row: row, text: value, number: isNaN(number) || !/^-?[\d.]/.test(value) ? null : number };
        });
        keyed.sort(function (a, b) {
          var order = (a.number !== null && b.number !== null) ? a.number - b.number :
            (a.number !== null ? -1 : b.number !== null ? 1 : a.text.localeCompare(b.text));
          return descending ? -order : order;
        });
        keyed.forEach(function (entry) { body.appendChild(entry.row); });
      }
      head.addEventListener("click", sort);
      head.addEventListener("keydown", function (event) { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); } });
    });
  });
})();
