/* gazette search page: Pagefind's JS API with a Vietnamese interface, filters and URL state (?q=…).
   The index comes in partitions listed in pagefind/gazette-index.json (see scripts/gazette/pagefind_index.py). */
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
  var PAGE = 10, RERANK = 30, shown = PAGE, rawResults = [], lastResults = [], token = 0;
  var ranked = 0;        // how many of the first results are re-ranked: fixed by the first screen of a query

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
    if (rawResults.length > lastResults.length || next < rounds.length) {
      var more = el("button", { type: "button", "class": "md-button" }, "Xem thêm kết quả");
      more.addEventListener("click", function () {
        more.disabled = true;                     // one "Xem thêm" at a time: rounds must stay in order
        shown += PAGE;
        showMore(query);
      });
      list.appendChild(el("li", { "class": "gz-result gz-result--more" })).appendChild(more);
    }
  }
  // The first screen is drawn from the first PAGE results; then the rest of Pagefind's best RERANK arrive and
  // the list is re-ranked (a title match found further down moves up). aria-busy covers the wait.
  function loadData(query) {
    var mine = token;
    if (!lastResults.length) ranked = Math.min(RERANK, rawResults.length);
    var count = Math.max(shown, ranked);
    var quick = lastResults.length ? count : Math.min(shown, count);
    list.setAttribute("aria-busy", "true");
    function draw(upTo) {
      return Promise.all(rawResults.slice(0, upTo).map(function (r) { return r.data(); })).then(function (data) {
        if (mine !== token) return false;
        // Only the results of the first screen's re-ranking are re-ranked: what "Xem thêm" adds below them
        // keeps its place, and what is on screen does not move.
        lastResults = rank(data.slice(0, ranked), query).concat(data.slice(ranked)).slice(0, shown);
        render(query);
        return true;
      });
    }
    return draw(quick).then(function (drawn) {
      return drawn && quick < count ? draw(count) : drawn;
    }).then(function (drawn) {
      if (drawn) list.setAttribute("aria-busy", "false");
    });
  }
  // The index is split into partitions of at most 500 pages (news and documents apart, newest first):
  // Pagefind's cost for a word found on most pages grows with the square of the pages it searches. A
  // query searches the newest partitions first and goes further back only for more results; a document
  // number is looked up in every documents partition, so the document itself is always found.
  var manifest = null, pfModule = null, siteRoot = "", instances = {}, primaryReady = null;
  var rounds = [], next = 0, roundQuery = "", roundFilters = {};
  function instanceFor(part) {
    if (!instances[part.path]) {
      var make = function () {
        var inst = pfModule.createInstance({ basePath: new URL(base + part.path, window.location.href).href });
        // preload("") returns once the index (and, for the first partition, the WebAssembly) is loaded
        return inst.options({ excerptLength: 24, baseUrl: siteRoot })
          .then(function () { return inst.preload(""); }).then(function () { return inst; });
      };
      // The other partitions ship a stand-in for the WebAssembly file: the first must be loaded before them.
      instances[part.path] = part === manifest.partitions[0] ? make() : primaryReady.then(make);
    }
    return instances[part.path];
  }
  function plan(query, filters) {
    var number = numberKey(query), byRound = [];
    manifest.partitions.forEach(function (p) {
      var fits = Object.keys(filters).every(function (k) { return (p.values[k] || []).indexOf(filters[k]) >= 0; });
      if (!fits) return;
      var r = number && p.kind === "document" ? 0 : p.round;
      (byRound[r] = byRound[r] || []).push(p);
    });
    return byRound.filter(Boolean);
  }
  // Several rounds at once when the first ones found little: for rare words each round is a few small
  // requests, and the worker searches while the next files arrive. (The newest partition may be small,
  // so the second round is still searched alone.)
  function searchRounds(mine, count) {
    var batch = rounds.slice(next, next + count);
    next += batch.length;
    return Promise.all(batch.map(function (round) {
      return Promise.all(round.map(function (p) {
        return instanceFor(p).then(function (inst) { return inst.search(roundQuery || null, { filters: roundFilters }); });
      }));
    })).then(function (found) {
      if (mine !== token) return;
      // Scores of different indexes are not on one scale (each has its own word statistics): compare each
      // result with the best of its own partition.
      var merged = [];
      found.forEach(function (round) {
        round.forEach(function (f) {
          var best = f.results.length ? f.results[0].score || 1 : 1;
          f.results.forEach(function (r) { merged.push({ r: r, s: (r.score || 0) / best }); });
        });
      });
      merged.sort(function (a, b) { return b.s - a.s; });
      rawResults = rawResults.concat(merged.map(function (x) { return x.r; }));
    });
  }
  function searchUntil(mine, wanted) {
    if (mine !== token || rawResults.length >= wanted || next >= rounds.length) return Promise.resolve();
    // one round, one more, then two, then four at a time
    return searchRounds(mine, Math.min(4, Math.max(1, next))).then(function () { return searchUntil(mine, wanted); });
  }
  function day(iso) { var p = iso.split("-"); return p[2] + "/" + p[1] + "/" + p[0]; }
  function showStatus(query) {
    var count = String(rawResults.length).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    var about = query ? " cho “" + query + "”" : "";
    if (next < rounds.length) {
      // every partition not searched yet ends on or before this day: everything newer has been searched
      var newest = rounds.slice(next).reduce(function (d, r) {
        return r.reduce(function (e, p) { return p.to > e ? p.to : e; }, d);
      }, "");
      status.textContent = "Tìm thấy " + count + " kết quả" + about + " trong nội dung mới hơn ngày " + day(newest)
        + ". Bấm “Xem thêm kết quả” để tìm cả nội dung cũ hơn.";
    } else {
      status.textContent = rawResults.length
        ? "Tìm thấy " + count + " kết quả" + about
        : "Không tìm thấy kết quả" + about + ". Hãy thử từ khóa khác hoặc bỏ bớt bộ lọc.";
    }
  }
  function failed(mine) {
    return function () {
      if (mine !== token) return;
      list.setAttribute("aria-busy", "false");
      status.textContent = "Không tải được chỉ mục tìm kiếm. Hãy tải lại trang và thử lại.";
    };
  }
  function showMore(query) {
    var mine = token;
    searchUntil(mine, shown + 1).then(function () {
      if (mine !== token) return;
      showStatus(query);
      return loadData(query);
    }).catch(failed(mine));
  }
  function search() {
    // the index is still loading: the startup code searches for what was typed once it is ready
    if (!manifest || (manifest.partitions.length && !pfModule)) return;
    var query = input.value.normalize("NFC").trim();
    writeUrl(query);
    var mine = ++token;
    shown = PAGE;
    rawResults = [];
    lastResults = [];
    list.setAttribute("aria-busy", "false");
    if (!query && !Object.keys(selected()).length) {
      status.textContent = "";
      list.textContent = "";
      return;
    }
    status.textContent = "Đang tìm…";
    roundQuery = query;
    roundFilters = selected();
    rounds = plan(query, roundFilters);
    next = 0;
    searchUntil(mine, PAGE).then(function () {
      if (mine !== token) return;
      showStatus(query);
      return loadData(query);
    }).catch(failed(mine));
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

  var timer;
  // Enter searches at once; the search the typing had scheduled must not start the same work over.
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); search(); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
    // while the reader types, fetch the index files of the newest partitions for the words typed so far
    var query = input.value.normalize("NFC").trim();
    if (query && manifest && pfModule) {
      manifest.partitions.forEach(function (p) {
        if (p.round === 0) instanceFor(p).then(function (inst) { return inst.preload(query); }).catch(function () {});
      });
    }
  });
  // no-cache: revalidated on every visit, so a new deploy's partitions are never looked up with an old list
  fetch(base + "gazette-index.json", { cache: "no-cache" }).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.json();
  }).then(function (found) {
    manifest = found;
    // Result URLs are stored root-relative ("/tin-tuc/…"): prefix them with the site's own root so the site
    // also works under a sub-path (GitHub project pages, /cchc/ on an agency server).
    siteRoot = new URL(base + "../", window.location.href).pathname;
    if (!manifest.partitions.length) return null;
    return import(base + manifest.partitions[0].path + "pagefind.js");
  }).then(function (module) {
    pfModule = module;
    if (module) {
      primaryReady = instanceFor(manifest.partitions[0]);
      // the first round is what every query searches: load its indexes before the reader has typed
      manifest.partitions.forEach(function (p) { if (p.round === 0) instanceFor(p); });
    }
    var params = new URLSearchParams(window.location.search);
    buildFilters(manifest.filters, params);
    if (!input.value) input.value = params.get("q") || "";   // keep what the reader typed while it loaded
    if (input.value || FILTERS.some(function (f) { return params.get(f[0]); })) search();
  }).catch(function () {
    status.textContent = "Không tải được chỉ mục tìm kiếm.";
  });
})();
