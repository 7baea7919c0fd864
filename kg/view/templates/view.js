/* kg graph view: builds the vis-network graph from the JSON embedded in the page,
 * with filters (type, relation, time), search and tooltips.
 * Article text only ever enters the DOM as text nodes (textContent), never as HTML. */
(function () {
  "use strict";
  var kgView = (window.kgView = { timing: { script: performance.now() } });
  var T = kgView.timing;
  document.addEventListener("DOMContentLoaded", function () { T.domContentLoaded = performance.now(); });

  var LANG_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;
  var TIP_EVIDENCE = 2;

  /* el("p", {"class": "x", dir: "auto"}, "text", child, ...): attributes set by name, strings as text nodes. */
  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, String(attrs[k]));
      }
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === undefined || c === null || c === false) continue;
      e.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  function $(id) { return document.getElementById(id); }
  function fmt(n) { return Number(n).toLocaleString("en-US"); }

  function main() {
    T.start = performance.now();
    var D = JSON.parse($("kg-data").textContent);
    T.parsed = performance.now();
    var N = D.nodes, E = D.edges;
    kgView.data = D;

    /* ---- vis data -------------------------------------------------------------- */
    var visNodes = new Array(N.length);
    for (var i = 0; i < N.length; i++) {
      var n = N[i];
      visNodes[i] = { id: i, label: n.l, group: n.t, x: n.x, y: n.y, size: n.s };
    }
    var edgeColor = {};
    Object.keys(D.predicates).forEach(function (p) {
      var c = D.predicates[p].color;
      edgeColor[p] = { color: c, highlight: c, hover: c, opacity: 0.85 };
    });
    var visEdges = new Array(E.length);
    for (var j = 0; j < E.length; j++) {
      var e = E[j];
      var ve = { id: j, from: e.f, to: e.t, label: e.p, color: edgeColor[e.p], width: e.w };
      if (e.cv) ve.smooth = { enabled: true, type: e.cv > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(e.cv) };
      visEdges[j] = ve;
    }
    T.arrays = performance.now();
    var nodes = new vis.DataSet(visNodes);
    var edges = new vis.DataSet(visEdges);
    var nodeVisible = new Uint8Array(N.length).fill(1);
    var edgeVisible = new Uint8Array(E.length).fill(1);

    T.datasets = performance.now();
    var groups = {};
    Object.keys(D.types).forEach(function (t) {
      var s = D.types[t];
      var col = { background: s.color, border: s.border, highlight: { background: s.color, border: "#000" },
                  hover: { background: s.color, border: "#000" } };
      groups[t] = { shape: s.shape, color: col };
    });
    var big = E.length > 3000 || N.length > 2000;
    var options = {
      autoResize: true,
      physics: { enabled: false },
      layout: { improvedLayout: false },
      interaction: { hover: true, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: true,
                     tooltipDelay: 100 },
      nodes: { borderWidth: 1, scaling: { label: { drawThreshold: 7 } },
               font: { size: 14, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" } },
      edges: { smooth: false, scaling: { label: { drawThreshold: 8 } }, arrows: { to: { enabled: true, scaleFactor: 0.5 } }, selectionWidth: 1.5,
               hoverWidth: 0.5,
               font: { size: 10, face: "system-ui, sans-serif", color: "#444", strokeWidth: 3,
                       strokeColor: "#ffffff", align: "middle" } },
      groups: groups
    };
    var container = $("kg-net");
    /* DataSets, not DataViews: a view costs a noticeable part of the first draw at
       5,000 nodes, and filters only flip the 'hidden' flag of what changed. */
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
    T.network = performance.now();
    if (N.length) network.fit({ animation: false, maxZoomLevel: 1.2 });
    T.created = performance.now();
    network.once("afterDrawing", function () {
      T.firstDraw = performance.now();
      kgView.ready = true;
    });
    if (!N.length) $("kg-empty").hidden = false;

    kgView.network = network;
    kgView.nodes = nodes;
    kgView.edges = edges;
    kgView.shown = function () {
      return {
        nodes: nodes.getIds({ filter: function (it) { return !it.hidden; } }),
        edges: edges.getIds({ filter: function (it) { return !it.hidden; } })
      };
    };

    /* ---- cards: node and edge details, built as DOM text ---------------------- */
    function bidi(text, lang) {
      return el("span", { dir: "auto", "class": "kg-bidi", lang: lang && LANG_TAG.test(lang) ? lang : null }, text);
    }
    function row(dl, term, value) {
      if (value === undefined || value === null || value === "") return;
      dl.appendChild(el("dt", null, term));
      dl.appendChild(el("dd", null, value));
    }
    function nodeCard(i, full) {
      var n = N[i];
      var card = el("div", null, el("h3", null, bidi(n.l)));
      var dl = el("dl");
      row(dl, "type", n.st ? n.t + " (" + n.st + ")" : n.t);
      row(dl, "id", n.k);
      row(dl, "wikidata", n.w);
      row(dl, "mentions", n.m ? fmt(n.m) : null);
      row(dl, "relations", fmt(n.d) + " in this view");
      var langs = Object.keys(n.ls || {}).sort();
      langs.forEach(function (lang) { row(dl, lang, bidi(n.ls[lang], lang)); });
      var aliases = n.al || [];
      if (aliases.length) {
        var shown = full ? aliases : aliases.slice(0, 6);
        var span = el("span");
        shown.forEach(function (a, k) {
          if (k) span.appendChild(document.createTextNode(", "));
          span.appendChild(bidi(a));
        });
        if (shown.length < aliases.length) span.appendChild(document.createTextNode(", +" + (aliases.length - shown.length)));
        row(dl, "aliases", span);
      }
      card.appendChild(dl);
      return card;
    }
    function edgeCard(j, full) {
      var e = E[j];
      var head = el("h3", null, bidi(N[e.f].l), " ", el("span", { "class": "kg-pred" }, "\u2014" + e.p + "\u2192"), " ", bidi(N[e.t].l));
      var card = el("div", null, head);
      var dl = el("dl");
      row(dl, "date", e.da);
      if (e.fs && !(e.da && e.fs === e.da && e.ls === e.da)) {
        row(dl, "first seen", e.fs);
        row(dl, "last seen", e.ls);
      }
      row(dl, "mentions", fmt(e.c));
      row(dl, "confidence", typeof e.cf === "number" ? e.cf.toFixed(2) : e.cf);
      row(dl, "CAMEO", e.ca);
      row(dl, "PLOVER", e.pl);
      (e.pr || []).forEach(function (kv) { row(dl, kv[0].replace(/_/g, " "), bidi(kv[1])); });
      var docs = e.docs || [];
      if (docs.length) {
        var shown = full ? docs : docs.slice(0, 3);
        var more = e.nd - shown.length;
        row(dl, docs.length === 1 && e.nd === 1 ? "document" : "documents (" + fmt(e.nd) + ")",
            shown.join(", ") + (more > 0 ? ", +" + fmt(more) + " more" : ""));
      }
      card.appendChild(dl);
      var ev = e.ev || [];
      var evShown = full ? ev : ev.slice(0, TIP_EVIDENCE);
      evShown.forEach(function (x) {
        var lang = x[0], sentence = x[1], doc = x[2];
        var p = el("p", { "class": "kg-ev", dir: "auto", lang: LANG_TAG.test(lang) ? lang : null }, sentence);
        p.appendChild(el("span", { "class": "kg-ev-src", dir: "ltr" }, doc + (lang ? " \u00b7 " + lang : "")));
        card.appendChild(p);
      });
      var notShown = e.ne - evShown.length;
      if (notShown > 0) {
        card.appendChild(el("p", { "class": "kg-muted" }, "+" + fmt(notShown) + " more evidence sentence" +
          (notShown > 1 ? "s" : "") + (full ? " (not in this page)" : " (click for more)")));
      }
      return card;
    }
    kgView.nodeCard = nodeCard;
    kgView.edgeCard = edgeCard;

    var tip = $("kg-tip");
    function showTip(card, pointer) {
      tip.replaceChildren(card);
      tip.hidden = false;
      var W = container.clientWidth, H = container.clientHeight;
      var x = pointer.x + 14, y = pointer.y + 14;
      if (x + tip.offsetWidth > W) x = Math.max(0, pointer.x - tip.offsetWidth - 14);
      if (y + tip.offsetHeight > H) y = Math.max(0, H - tip.offsetHeight - 4);
      tip.style.left = x + "px";
      tip.style.top = y + "px";
    }
    function hideTip() { tip.hidden = true; }
    function showDetails(card) { $("kg-details").replaceChildren(card); }
    kgView.showTip = showTip;
    network.on("hoverNode", function (p) { showTip(nodeCard(p.node, false), p.pointer.DOM); });
    network.on("hoverEdge", function (p) { showTip(edgeCard(p.edge, false), p.pointer.DOM); });
    network.on("blurNode", hideTip);
    network.on("blurEdge", hideTip);
    network.on("dragStart", hideTip);
    network.on("zoom", hideTip);
    network.on("click", function (p) {
      if (p.nodes.length) showDetails(nodeCard(p.nodes[0], true));
      else if (p.edges.length) showDetails(edgeCard(p.edges[0], true));
    });

    /* ---- filters --------------------------------------------------------------- */
    var typeOn = {}, predOn = {};
    var since = "", until = "";
    var undated = $("kg-undated"), hideIsolated = $("kg-hide-isolated");
    function dateOk(e) {
      if (!since && !until) return true;
      var lo = e.lo, hi = e.hi;
      if (!lo) return undated.checked;
      if (since && hi.slice(0, since.length) < since.slice(0, hi.length)) return false;
      if (until && lo.slice(0, until.length) > until.slice(0, lo.length)) return false;
      return true;
    }
    function applyFilters() {
      var deg = new Int32Array(N.length), ne = 0, nn = 0, nodeChanges = [], edgeChanges = [];
      for (var j = 0; j < E.length; j++) {
        var e = E[j];
        var ok = predOn[e.p] && typeOn[N[e.f].t] && typeOn[N[e.t].t] && dateOk(e) ? 1 : 0;
        if (ok !== edgeVisible[j]) edgeChanges.push({ id: j, hidden: !ok });
        edgeVisible[j] = ok;
        if (ok) { deg[e.f]++; deg[e.t]++; ne++; }
      }
      for (var i = 0; i < N.length; i++) {
        var n = N[i];
        var ok2 = typeOn[n.t] && (!hideIsolated.checked || n.d === 0 || deg[i] > 0) ? 1 : 0;
        if (ok2 !== nodeVisible[i]) nodeChanges.push({ id: i, hidden: !ok2 });
        nodeVisible[i] = ok2;
        if (ok2) nn++;
      }
      if (nodeChanges.length) nodes.update(nodeChanges);
      if (edgeChanges.length) edges.update(edgeChanges);
      $("kg-visible").textContent = "visible now: " + fmt(nn) + " entities, " + fmt(ne) + " relations";
      kgView.visible = { nodes: nn, edges: ne };
    }
    kgView.applyFilters = applyFilters;
    kgView.setTimeRange = function (from, to) {
      $("kg-since").value = from || "";
      $("kg-until").value = to || "";
      since = from || ""; until = to || "";
      applyFilters();
    };

    function countBy(list, key) {
      var c = {};
      list.forEach(function (x) { c[x[key]] = (c[x[key]] || 0) + 1; });
      return c;
    }
    function checkRow(box, swatch, name, count) {
      return el("label", null, box, swatch, el("span", null, name), el("span", { "class": "kg-count" }, fmt(count || 0)));
    }
    var typeCount = countBy(N, "t");
    Object.keys(D.types).forEach(function (t) {
      typeOn[t] = true;
      var box = el("input", { type: "checkbox" });
      box.checked = true;
      box.addEventListener("change", function () { typeOn[t] = box.checked; applyFilters(); });
      var sw = el("span", { "class": "kg-sw kg-sw-" + D.types[t].shape });
      sw.style.background = D.types[t].color;
      $("kg-types").appendChild(checkRow(box, sw, t, typeCount[t]));
    });
    var predCount = countBy(E, "p");
    var predBoxes = [];
    Object.keys(D.predicates).forEach(function (p) {
      predOn[p] = true;
      var box = el("input", { type: "checkbox" });
      box.checked = true;
      box.addEventListener("change", function () { predOn[p] = box.checked; applyFilters(); });
      predBoxes.push([p, box]);
      var sw = el("span", { "class": "kg-line" });
      sw.style.background = D.predicates[p].color;
      $("kg-preds").appendChild(checkRow(box, sw, p, predCount[p]));
    });
    function setAllPreds(on) {
      predBoxes.forEach(function (pb) { pb[1].checked = on; predOn[pb[0]] = on; });
      applyFilters();
    }
    $("kg-pred-all").addEventListener("click", function () { setAllPreds(true); });
    $("kg-pred-none").addEventListener("click", function () { setAllPreds(false); });
    hideIsolated.addEventListener("change", applyFilters);

    if (D.dateMin) {
      $("kg-time-section").hidden = false;
      var s = $("kg-since"), u = $("kg-until");
      s.min = u.min = D.dateMin;
      s.max = u.max = D.dateMax;
      $("kg-time-extent").textContent = "relations dated " + D.dateMin + " to " + D.dateMax;
      var onTime = function () { since = s.value || ""; until = u.value || ""; applyFilters(); };
      s.addEventListener("input", onTime);
      s.addEventListener("change", onTime);
      u.addEventListener("input", onTime);
      u.addEventListener("change", onTime);
      undated.addEventListener("change", applyFilters);
      $("kg-time-reset").addEventListener("click", function () { kgView.setTimeRange("", ""); });
    }
    kgView.visible = { nodes: N.length, edges: E.length };
    $("kg-visible").textContent = "visible now: " + fmt(N.length) + " entities, " + fmt(E.length) + " relations";

    /* ---- search ---------------------------------------------------------------- */
    var index = null;
    function buildIndex() {
      if (index) return;
      index = N.map(function (n) {
        var names = [n.l, n.k].concat(Object.keys(n.ls || {}).map(function (k) { return n.ls[k]; }), n.al || []);
        return names.join("\u0001").toLocaleLowerCase();
      });
      var list = $("kg-names"), seen = {};
      N.forEach(function (n) {
        if (seen[n.l]) return;
        seen[n.l] = 1;
        var o = document.createElement("option");
        o.value = n.l;
        list.appendChild(o);
      });
    }
    function focusNode(i) {
      network.selectNodes([i]);
      network.focus(i, { scale: Math.max(network.getScale(), 1.0), animation: false });
      showDetails(nodeCard(i, true));
    }
    function search(q) {
      buildIndex();
      q = (q || "").trim().toLocaleLowerCase();
      var out = $("kg-search-result");
      if (!q) { out.textContent = ""; return []; }
      var exact = [], partial = [];
      for (var i = 0; i < N.length; i++) {
        if (index[i].indexOf(q) < 0) continue;
        if (N[i].l.toLocaleLowerCase() === q) exact.push(i); else partial.push(i);
      }
      var hits = exact.concat(partial);
      var shown = hits.filter(function (i) { return nodeVisible[i]; });
      out.textContent = hits.length
        ? fmt(hits.length) + " match" + (hits.length > 1 ? "es" : "") +
          (shown.length < hits.length ? " (" + fmt(hits.length - shown.length) + " hidden by filters)" : "")
        : "no entity matches";
      if (shown.length === 1) focusNode(shown[0]);
      else if (shown.length > 1) {
        network.selectNodes(shown);
        network.fit({ nodes: shown, animation: false });
        var box = el("div", null, el("h3", null, "Matches"));
        shown.slice(0, 100).forEach(function (i) {
          var b = el("button", { type: "button", "class": "kg-hit" }, bidi(N[i].l), " \u00b7 " + N[i].t);
          b.addEventListener("click", function () { focusNode(i); });
          box.appendChild(b);
        });
        showDetails(box);
      }
      return hits;
    }
    kgView.search = search;
    $("kg-search").addEventListener("focus", buildIndex);
    $("kg-search-form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      search($("kg-search").value);
    });
  }

  function start() {
    try {
      main();
    } catch (err) {
      var box = document.getElementById("kg-empty");
      box.textContent = "This view could not be drawn: " + err;
      box.hidden = false;
      throw err;
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
