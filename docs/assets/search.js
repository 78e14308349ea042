/* gazette search page: Pagefind's JS API with a Vietnamese interface, filters and URL state (?q=…). */
(function () {
  "use strict";
  var root = document.querySelector("[data-gz-search]");
  if (!root) return;
  var base = root.getAttribute("data-gz-search");
  var form = root.querySelector("form"), input = root.querySelector("#gz-search-q");
  var status = root.querySelector(".gz-search__status"), list = root.querySelector(".gz-search__results");
  var filterBox = root.querySelector(".gz-search__filters");
  var FILTERS = [["loai", "Loại nội dung"], ["chuyen-muc", "Chuyên mục"], ["loai-van-ban", "Loại văn bản"],
                 ["co-quan", "Cơ quan ban hành"], ["nam", "Năm"], ["tinh-trang", "Tình trạng hiệu lực"]];
  var PAGE = 10, RERANK = 30, pagefind = null, shown = PAGE, rawResults = [], lastResults = [], token = 0;

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐðÐ]/g, "d").toLowerCase();
  }
  // "754/QD-UBND", "qđ 754", "30/2020/nd-cp": the folded number, to rank the document itself first.
  function numberKey(query) {
    var m = fold(query).match(/(\d+[a-z]?)\s*\/\s*(?:(\d{4})\s*\/\s*)?([a-z][a-z0-9.&-]*)/);
    if (m) return (m[1].replace(/^0+(?=\d)/, "") + "/" + (m[2] ? m[2] + "/" : "") + m[3]).replace(/\s+/g, "");
    var n = fold(query).match(/^([a-z]{2,5})\s+(\d+)$/);
    return n ? n[2] + "/" + n[1] : "";
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function selected() {
    var out = {};
    FILTERS.forEach(function (f) {
      var s = form.elements[f[0]];
      if (s && s.value) out[f[0]] = s.value;
    });
    return out;
  }
  function writeUrl(query) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    var f = selected();
    Object.keys(f).forEach(function (k) { params.set(k, f[k]); });
    var q = params.toString();
    history.replaceState(null, "", window.location.pathname + (q ? "?" + q : ""));
  }
  function words(text) { return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean); }
  // Pagefind folds tone marks, so "số", "sơ" and "so" are one word to it. Within its best results, put
  // first the pages whose title holds the query (as typed, then folded), then exact words in the excerpt.
  function score(r, query) {
    var title = ((r.meta && r.meta.title) || "").normalize("NFC").toLowerCase();
    var excerpt = (r.excerpt || "").replace(/<[^>]*>/g, "").normalize("NFC").toLowerCase();
    var typed = words(query.normalize("NFC")), folded = typed.map(fold);
    var titleWords = words(title), foldedTitle = titleWords.map(fold), excerptWords = words(excerpt);
    var s = 0;
    if (title.indexOf(typed.join(" ")) >= 0) s += 6;
    else if (foldedTitle.join(" ").indexOf(folded.join(" ")) >= 0) s += 4;
    typed.forEach(function (w, i) {
      if (titleWords.indexOf(w) >= 0) s += 2;
      else if (foldedTitle.indexOf(folded[i]) >= 0) s += 1;
      if (excerptWords.indexOf(w) >= 0) s += 0.5;
    });
    return s;
  }
  // The page matched through its folded metadata ("754/QD-UBND" written in the text, "754/QĐ-UBND"
  // typed): Pagefind has nothing to highlight, so cut an excerpt around the first folded match ourselves.
  function ownExcerpt(target, content, query) {
    var tokens = content.split(/\s+/), wanted = words(query.normalize("NFC")).map(fold);
    var key = fold(query).replace(/\s+/g, "");
    var hit = tokens.findIndex(function (t) {
      var f = fold(t).replace(/[.,;:()"“”]+$/, "");
      return wanted.indexOf(f) >= 0 || (key.length > 3 && f.indexOf(key) >= 0);
    });
    var start = Math.max(0, hit - 12), slice = tokens.slice(start, start + 30);
    if (start > 0) target.appendChild(document.createTextNode("… "));
    slice.forEach(function (t, i) {
      var f = fold(t).replace(/[.,;:()"“”]+$/, "");
      var match = hit >= 0 && (wanted.indexOf(f) >= 0 || (key.length > 3 && f.indexOf(key) >= 0));
      target.appendChild(match ? el("mark", {}, t) : document.createTextNode(t));
      target.appendChild(document.createTextNode(i < slice.length - 1 ? " " : ""));
    });
    if (start + 30 < tokens.length) target.appendChild(document.createTextNode(" …"));
  }
  function rank(results, query) {
    var key = numberKey(query);
    var scored = results.map(function (r, i) {
      var title = fold((r.meta && r.meta.title) || "").replace(/\s+/g, "");
      var number = title.replace(/^.*?so/, "");
      var exact = key && r.meta && r.meta.type === "Văn bản" && (number === key || number.replace(/^0+(?=\d)/, "") === key);
      return { r: r, i: i, s: (exact ? 100 : 0) + (query ? score(r, query) : 0) };
    });
    scored.sort(function (a, b) { return b.s - a.s || a.i - b.i; });
    return scored.map(function (x) { return x.r; });
  }
  function render(query) {
    list.textContent = "";
    lastResults.forEach(function (r) {
      var item = el("li", { "class": "gz-result" });
      var heading = el("h2", { "class": "gz-result__title" });
      heading.appendChild(el("a", { href: r.url }, (r.meta && r.meta.title) || r.url));
      item.appendChild(heading);
      var meta = [r.meta && r.meta.type, r.meta && r.meta.date].filter(Boolean).join(" · ");
      if (meta) item.appendChild(el("p", { "class": "gz-result__meta" }, meta));
      var excerpt = el("p", { "class": "gz-result__excerpt" });
      if (r.excerpt.indexOf("<mark>") >= 0) excerpt.innerHTML = r.excerpt;   // Pagefind escapes text, adds <mark>
      else ownExcerpt(excerpt, r.content || "", query);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    if (rawResults.length > lastResults.length) {
      var more = el("button", { type: "button", "class": "md-button" }, "Xem thêm kết quả");
      more.addEventListener("click", function () { shown += PAGE; loadData(query); });
      list.appendChild(el("li", { "class": "gz-result gz-result--more" })).appendChild(more);
    }
  }
  function loadData(query) {
    var mine = token;
    var count = Math.max(shown, Math.min(RERANK, rawResults.length));
    return Promise.all(rawResults.slice(0, count).map(function (r) { return r.data(); })).then(function (data) {
      if (mine !== token) return;
      lastResults = rank(data, query).slice(0, shown);
      render(query);
    });
  }
  function search() {
    var query = input.value.normalize("NFC").trim();
    writeUrl(query);
    var mine = ++token;
    shown = PAGE;
    if (!query && !Object.keys(selected()).length) {
      status.textContent = "";
      list.textContent = "";
      return;
    }
    status.textContent = "Đang tìm…";
    pagefind.search(query || null, { filters: selected() }).then(function (found) {
      if (mine !== token) return;
      rawResults = found.results;
      status.textContent = found.results.length
        ? "Tìm thấy " + String(found.results.length).replace(/\B(?=(\d{3})+(?!\d))/g, ".") + " kết quả" + (query ? " cho “" + query + "”" : "")
        : "Không tìm thấy kết quả" + (query ? " cho “" + query + "”" : "") + ". Hãy thử từ khóa khác hoặc bỏ bớt bộ lọc.";
      return loadData(query);
    });
  }
  function buildFilters(available, params) {
    FILTERS.forEach(function (f) {
      var values = Object.keys(available[f[0]] || {}).sort(function (a, b) { return a.localeCompare(b, "vi"); });
      if (!values.length) return;
      if (f[0] === "nam") values.reverse();
      var id = "gz-filter-" + f[0];
      var select = el("select", { id: id, name: f[0] });
      select.appendChild(el("option", { value: "" }, "Tất cả"));
      values.forEach(function (v) { select.appendChild(el("option", { value: v }, v)); });
      select.value = params.get(f[0]) || "";
      select.addEventListener("change", search);
      var field = el("div", { "class": "gz-field" });
      field.appendChild(el("label", { "for": id }, f[1]));
      field.appendChild(select);
      filterBox.appendChild(field);
    });
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); search(); });
  var timer;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 250); });
  import(base + "pagefind.js").then(function (module) {
    pagefind = module;
    // Result URLs are stored root-relative ("/tin-tuc/…"): prefix them with the site's own root so the site
    // also works under a sub-path (GitHub project pages, /cchc/ on an agency server).
    var siteRoot = new URL(base + "../", window.location.href).pathname;
    return pagefind.options({ excerptLength: 24, baseUrl: siteRoot }).then(function () { return pagefind.filters(); });
  }).then(function (available) {
    var params = new URLSearchParams(window.location.search);
    buildFilters(available, params);
    input.value = params.get("q") || "";
    if (input.value || FILTERS.some(function (f) { return params.get(f[0]); })) search();
  }).catch(function () {
    status.textContent = "Không tải được chỉ mục tìm kiếm.";
  });
})();
