/* gazette document registry: filters, sort, live count and shareable URL state for /van-ban/.
 * Progressive enhancement: without this script the server-rendered table and facet pages are complete. */
(function () {
  "use strict";
  var root = document.querySelector("[data-gz-registry]");
  if (!root || !window.fetch || !window.URLSearchParams) return;

  var COLUMNS = [
    ["number", "Số ký hiệu"], ["title", "Trích yếu"], ["type", "Loại văn bản"],
    ["issuer", "Cơ quan ban hành"], ["issued", "Ngày ban hành"], ["status", "Tình trạng"]
  ];
  var FACETS = [
    ["loai", "type", "Loại văn bản"], ["co-quan", "issuer", "Cơ quan ban hành"], ["nam", "year", "Năm ban hành"],
    ["linh-vuc", "fields", "Lĩnh vực"], ["tinh-trang", "status", "Tình trạng hiệu lực"]
  ];
  var rows = [], state = {}, listing = root.closest(".gz-listing") || document;

  // Same folding as the build (gazette.text.fold): strip marks, đ/ð → d, lower case.
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐðÐ]/g, "d").toLowerCase();
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }
  function formatDate(iso) {
    var p = iso.split("-");
    return p[2] + "/" + p[1] + "/" + p[0];
  }
  function formatNumber(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }
  function values(key) {
    var seen = {};
    rows.forEach(function (r) {
      [].concat(r[key]).forEach(function (v) { if (v !== "" && v !== null) seen[v] = true; });
    });
    var list = Object.keys(seen);
    return key === "year" ? list.sort().reverse() : list.sort(function (a, b) { return a.localeCompare(b, "vi"); });
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    state = { q: params.get("q") || "", tu: params.get("tu") || "", den: params.get("den") || "",
              sort: params.get("sap-xep") || "issued-desc" };
    FACETS.forEach(function (f) { state[f[0]] = params.get(f[0]) || ""; });
  }
  function writeState() {
    var params = new URLSearchParams();
    ["q", "tu", "den"].concat(FACETS.map(function (f) { return f[0]; })).forEach(function (k) {
      if (state[k]) params.set(k, state[k]);
    });
    if (state.sort !== "issued-desc") params.set("sap-xep", state.sort);
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function matches(r) {
    if (state.q) {
      var words = fold(state.q).split(/\s+/).filter(Boolean);
      for (var i = 0; i < words.length; i++) if (r.search.indexOf(words[i]) < 0) return false;
    }
    for (var j = 0; j < FACETS.length; j++) {
      var want = state[FACETS[j][0]];
      if (want && [].concat(r[FACETS[j][1]]).map(String).indexOf(want) < 0) return false;
    }
    if (state.tu && r.issued < state.tu) return false;
    if (state.den && r.issued > state.den) return false;
    return true;
  }
  function sorted(list) {
    var parts = state.sort.split("-"), key = parts[0], dir = parts[1] === "asc" ? 1 : -1;
    return list.slice().sort(function (a, b) {
      var x = a[key] || "", y = b[key] || "";
      var c = key === "issued" ? (x < y ? -1 : x > y ? 1 : 0) : String(x).localeCompare(String(y), "vi", { numeric: true });
      return c * dir || (a.url < b.url ? -1 : 1);
    });
  }

  var form, count, chips, table;
  function build() {
    form = el("form", { "class": "gz-registry__form", role: "search", "aria-label": "Lọc văn bản" });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var q = el("input", { type: "search", id: "gz-q", name: "q", autocomplete: "off",
                          placeholder: "Ví dụ: 754/QĐ-UBND, cai cach hanh chinh" });
    form.appendChild(el("div", { "class": "gz-field gz-field--wide" },
      [el("label", { "for": "gz-q", text: "Tìm theo số ký hiệu hoặc trích yếu" }), q]));
    FACETS.forEach(function (f) {
      var select = el("select", { id: "gz-" + f[0], name: f[0] }, [el("option", { value: "", text: "Tất cả" })]);
      values(f[1]).forEach(function (v) { select.appendChild(el("option", { value: v, text: v })); });
      form.appendChild(el("div", { "class": "gz-field" }, [el("label", { "for": "gz-" + f[0], text: f[2] }), select]));
    });
    [["tu", "Ban hành từ ngày"], ["den", "Đến ngày"]].forEach(function (d) {
      form.appendChild(el("div", { "class": "gz-field" }, [el("label", { "for": "gz-" + d[0], text: d[1] }),
        el("input", { type: "date", id: "gz-" + d[0], name: d[0] })]));
    });
    form.addEventListener("input", function (e) {
      if (!e.target.name) return;
      state[e.target.name] = e.target.value;
      update();
    });
    count = el("p", { "class": "gz-registry__count", role: "status", "aria-live": "polite" });
    chips = el("ul", { "class": "gz-chips", "aria-label": "Bộ lọc đang dùng" });
    table = el("table", { "class": "gz-registry-table" });
    root.appendChild(form);
    root.appendChild(count);
    root.appendChild(chips);
    root.appendChild(el("div", { "class": "gz-table-wrap" }, [table]));
    root.hidden = false;
    listing.querySelectorAll(".gz-table-wrap, .gz-pager").forEach(function (n) {
      if (!root.contains(n)) n.hidden = true;
    });
  }
  function syncForm() {
    Array.prototype.forEach.call(form.elements, function (input) {
      if (input.name && input.value !== state[input.name]) input.value = state[input.name];
    });
  }
  function renderChips() {
    chips.textContent = "";
    var labels = { q: "Từ khóa", tu: "Từ ngày", den: "Đến ngày" };
    FACETS.forEach(function (f) { labels[f[0]] = f[2]; });
    Object.keys(labels).forEach(function (k) {
      if (!state[k]) return;
      var shown = (k === "tu" || k === "den") ? formatDate(state[k]) : state[k];
      var button = el("button", { type: "button", "class": "gz-chip",
                                  "aria-label": "Bỏ lọc " + labels[k] + ": " + shown, text: labels[k] + ": " + shown + " ×" });
      button.addEventListener("click", function () { state[k] = ""; syncForm(); update(); form.elements[k].focus(); });
      chips.appendChild(el("li", {}, [button]));
    });
  }
  function renderTable(list) {
    table.textContent = "";
    var sortKey = state.sort.split("-")[0], sortDir = state.sort.split("-")[1];
    var head = el("tr");
    COLUMNS.forEach(function (c) {
      var active = c[0] === sortKey;
      var th = el("th", { scope: "col", "aria-sort": active ? (sortDir === "asc" ? "ascending" : "descending") : "none" });
      var button = el("button", { type: "button", "class": "gz-sort", text: c[1] + (active ? (sortDir === "asc" ? " ▲" : " ▼") : "") });
      button.addEventListener("click", function () {
        state.sort = c[0] + "-" + (active && sortDir === "asc" ? "desc" : "asc");
        update();
        table.querySelector("th[aria-sort]:not([aria-sort='none']) button").focus();
      });
      th.appendChild(button);
      head.appendChild(th);
    });
    table.appendChild(el("thead", {}, [head]));
    var body = el("tbody");
    list.forEach(function (r) {
      var link = el("a", { href: new URL("../" + r.url, new URL(root.dataset.gzRegistry, window.location.href)).href,
                           text: r.number });
      body.appendChild(el("tr", {}, [el("td", {}, [link]), el("td", { text: r.title }), el("td", { text: r.type }),
        el("td", { text: r.issuer }), el("td", { text: formatDate(r.issued) }), el("td", { text: r.status || "—" })]));
    });
    table.appendChild(body);
  }
  function update() {
    var list = sorted(rows.filter(matches));
    count.textContent = list.length ? "Tìm thấy " + formatNumber(list.length) + " văn bản" : "Không tìm thấy văn bản nào";
    renderChips();
    renderTable(list);
    writeState();
  }

  fetch(root.dataset.gzRegistry).then(function (r) { return r.json(); }).then(function (data) {
    rows = data;
    readState();
    build();
    syncForm();
    update();
  }).catch(function () { /* the static table stays: it is complete without the script */ });
})();
