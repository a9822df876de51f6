/* kg's page script: draws the graph with vis-network, builds tooltips and the details
 * panel, filters by claim/policy type and date, and stops the physics once the layout
 * has settled.
 *
 * Safety: every piece of article text reaches the page through textContent (never
 * innerHTML); links are made only for http(s) URLs. Tooltips are DOM elements, which
 * vis-network inserts as they are.
 *
 * For tests and scripts, window.kg exposes {network, nodes, edges, status, apply,
 * showEdge, showNode}; kg.status.ready turns true once the layout has stopped.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var MAX_TOOLTIP = 6;
  var status = { ready: false, stabilizedMs: null, nodes: DATA.nodes.length, edges: DATA.edges.length };
  var started = performance.now();

  // --- small DOM helpers (text only) -------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null && text !== "") node.textContent = String(text);
    return node;
  }

  function safeUrl(url) {
    if (!url) return null;
    try {
      var parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(url, text) {
    var href = safeUrl(url);
    if (!href) return el("span", "article", text);
    var a = el("a", "article", text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  // --- filters -----------------------------------------------------------------------

  var enabled = new Set();
  document.querySelectorAll("input.cat").forEach(function (box) {
    if (box.checked) enabled.add(box.dataset.cat);
  });
  var dateFrom = document.getElementById("date-from");
  var dateTo = document.getElementById("date-to");
  (function limitDates() {
    var first = null, last = null;
    DATA.edges.concat(DATA.nodes).forEach(function (item) {
      ((item.kg && item.kg.dates) || []).forEach(function (d) {
        if (!d) return;
        if (first === null || d < first) first = d;
        if (last === null || d > last) last = d;
      });
    });
    if (first === null) return;
    [dateFrom, dateTo].forEach(function (input) { input.min = first; input.max = last; });
    status.firstDate = first;
    status.lastDate = last;
  })();

  function inRange(date) {
    var from = dateFrom.value, to = dateTo.value;
    if (!from && !to) return true;
    if (!date) return false;
    return (!from || date >= from) && (!to || date <= to);
  }

  // An item (edge or measure) is filterable when it has one category (kg.cat) or one per
  // record (kg.cats); kg.dates has one date per record, kg.records the first few records.
  function filterable(item) {
    var k = item.kg || {};
    return Boolean(k.cat || k.cats);
  }

  function visibleRecords(item) {
    if (!filterable(item)) return null;
    return (item.kg.records || []).filter(function (r) { return enabled.has(r.type) && inRange(r.date); });
  }

  function visibleCount(item) {
    if (!filterable(item)) return null;
    var k = item.kg, n = 0;
    for (var i = 0; i < k.dates.length; i++) {
      if (enabled.has(k.cats ? k.cats[i] : k.cat) && inRange(k.dates[i])) n++;
    }
    return n;
  }

  function edgeLabel(k, count) {
    if (k.cat) return count > 1 ? k.cat + " ×" + count : k.cat;
    return count + (count === 1 ? " claim" : " claims");
  }

  // --- tooltips and details ----------------------------------------------------------

  function recordBlock(r, full) {
    var box = el("div", "record");
    var head = el("div", "record-head");
    head.appendChild(el("span", "date", r.date_text || r.date || "undated"));
    head.appendChild(el("span", "type type-" + (r.type || ""), r.type));
    if (r.speaker || r.target) head.appendChild(el("span", "who", (r.speaker || "?") + " → " + (r.target || "?")));
    box.appendChild(head);
    box.appendChild(el("div", "content", r.content));
    if (r.sentence) box.appendChild(el("blockquote", "sentence", r.sentence));
    var art = r.article || {};
    var source = el("div", "source");
    var title = art.title || art.id || "article";
    source.appendChild(full ? link(art.url, title) : el("span", "article", title));
    var meta = [art.source, art.published].filter(Boolean).join(", ");
    if (meta) source.appendChild(el("span", "meta", " — " + meta));
    box.appendChild(source);
    return box;
  }

  function edgeHeading(edge) {
    var from = nodes.get(edge.from), to = nodes.get(edge.to);
    var name = function (n) { return n && n.kg ? n.kg.label : "?"; };
    return name(from) + " → " + name(to);
  }

  function tooltipFor(item, records, count, heading) {
    var box = el("div", "kg-tooltip");
    box.appendChild(el("div", "tooltip-head", heading));
    if (records === null) return box;
    records.slice(0, MAX_TOOLTIP).forEach(function (r) { box.appendChild(recordBlock(r, false)); });
    var more = count - Math.min(records.length, MAX_TOOLTIP);
    if (more > 0) box.appendChild(el("div", "more", "… and " + more + " more: click for the list"));
    else box.appendChild(el("div", "more", "click for links to the articles"));
    return box;
  }

  function nodeTooltip(node) {
    var k = node.kg || {};
    if (k.records) return tooltipFor(node, visibleRecords(node), visibleCount(node), k.label);
    var box = el("div", "kg-tooltip");
    box.appendChild(el("div", "tooltip-head", k.label));
    box.appendChild(el("div", "meta", k.type + (k.wikidata ? " · " + k.wikidata : "")));
    box.appendChild(el("div", "meta", "made " + (degree.out[node.id] || 0) + " and received "
      + (degree["in"][node.id] || 0) + " of the claims shown"));
    return box;
  }

  var details = document.getElementById("details");

  function showDetails(heading, records, total, extra) {
    details.replaceChildren(el("h2", null, heading));
    if (extra) details.appendChild(extra);
    if (records) {
      var shown = records.length;
      details.appendChild(el("p", "hint", total > shown
        ? shown + " of " + total + " listed (the page keeps the first " + shown + ")"
        : total + " listed"));
      records.forEach(function (r) { details.appendChild(recordBlock(r, true)); });
    }
  }

  function showEdge(id) {
    var edge = edges.get(id);
    if (!edge) return;
    var recs = visibleRecords(edge);
    var count = visibleCount(edge);
    showDetails(edgeHeading(edge) + (count !== null ? ": " + edgeLabel(edge.kg, count) : ""), recs, count);
  }

  function showNode(id) {
    var node = nodes.get(id);
    if (!node) return;
    var k = node.kg || {};
    if (k.records) {
      showDetails(k.label, visibleRecords(node), visibleCount(node));
      return;
    }
    var extra = el("div", "actor");
    extra.appendChild(el("p", "meta", k.type));
    if (k.wikidata && /^Q[0-9]+$/.test(k.wikidata)) {
      var p = el("p", "meta");
      p.appendChild(link("https://www.wikidata.org/wiki/" + k.wikidata, "Wikidata " + k.wikidata));
      extra.appendChild(p);
    }
    var list = el("ul", "neighbours");
    edges.get({ filter: function (e) { return !e.hidden && (e.from === id || e.to === id); } })
      .forEach(function (e) {
        var li = el("li", null, edgeHeading(e) + (e.label ? ": " + e.label : ""));
        li.tabIndex = 0;
        li.addEventListener("click", function () { showEdge(e.id); });
        list.appendChild(li);
      });
    extra.appendChild(list);
    showDetails(k.label, null, 0, extra);
  }

  // --- the network -------------------------------------------------------------------

  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var degree = { out: {}, "in": {} };

  function apply() {
    var hiddenNodes = new Set();
    var nodeUpdates = [];
    DATA.nodes.forEach(function (n) {
      var c = visibleCount(n);
      if (c === 0) hiddenNodes.add(n.id);
    });
    var touched = new Set();
    var shownClaims = 0;
    degree = { out: {}, "in": {} };
    var edgeUpdates = DATA.edges.map(function (e) {
      var c = visibleCount(e);
      var hidden = c === 0 || hiddenNodes.has(e.from) || hiddenNodes.has(e.to);
      var update = { id: e.id, hidden: hidden };
      if (c !== null) {
        if (e.kg.labelled) update.label = edgeLabel(e.kg, c);
        update.width = 1 + 1.5 * Math.log2(Math.max(c, 1));
        update.title = tooltipFor(e, visibleRecords(e), c, edgeHeading(e) + ": " + edgeLabel(e.kg, c));
        if (!hidden) {
          shownClaims += c;
          degree.out[e.from] = (degree.out[e.from] || 0) + c;
          degree["in"][e.to] = (degree["in"][e.to] || 0) + c;
        }
      }
      if (!hidden) { touched.add(e.from); touched.add(e.to); }
      return update;
    });
    DATA.nodes.forEach(function (n) {
      var k = n.kg || {};
      var hidden = hiddenNodes.has(n.id) || (!filterable(n) && !k.pinned && !touched.has(n.id));
      nodeUpdates.push({ id: n.id, hidden: hidden, title: nodeTooltip(n) });
    });
    edges.update(edgeUpdates);
    nodes.update(nodeUpdates);
    var shownNodes = nodeUpdates.filter(function (u) { return !u.hidden; }).length;
    status.shownNodes = shownNodes;
    status.shownEdges = edgeUpdates.filter(function (u) { return !u.hidden; }).length;
    status.shownClaims = shownClaims;
    if (status.ready) report();
  }

  function report() {
    document.getElementById("status").textContent = status.shownNodes + " nodes, "
      + status.shownEdges + " edges shown" + (status.stabilizedMs !== null
        ? "; layout settled in " + Math.round(status.stabilizedMs) + " ms" : "");
  }

  var network = new vis.Network(document.getElementById("network"), { nodes: nodes, edges: edges }, DATA.options);
  apply();

  network.on("stabilizationProgress", function (p) {
    document.getElementById("status").textContent = "laying out… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  function settled() {
    if (status.ready) return;
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    network.moveTo({ scale: network.getScale() * 0.85, animation: false }); // room for labels
    status.stabilizedMs = performance.now() - started;
    status.ready = true;
    report();
  }
  network.once("stabilizationIterationsDone", settled);
  network.once("stabilized", settled);
  if (DATA.nodes.length === 0) settled();

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // --- controls ----------------------------------------------------------------------

  document.querySelectorAll("input.cat").forEach(function (box) {
    box.addEventListener("change", function () {
      if (box.checked) enabled.add(box.dataset.cat); else enabled.delete(box.dataset.cat);
      apply();
    });
  });
  function setAll(on) {
    document.querySelectorAll("input.cat").forEach(function (box) {
      box.checked = on;
      if (on) enabled.add(box.dataset.cat); else enabled.delete(box.dataset.cat);
    });
    apply();
  }
  var allCats = document.getElementById("all-cats");
  if (allCats) allCats.addEventListener("click", function () { setAll(true); });
  var noCats = document.getElementById("no-cats");
  if (noCats) noCats.addEventListener("click", function () { setAll(false); });
  dateFrom.addEventListener("change", apply);
  dateTo.addEventListener("change", apply);
  document.getElementById("reset-dates").addEventListener("click", function () {
    dateFrom.value = ""; dateTo.value = ""; apply();
  });
  document.getElementById("physics").addEventListener("change", function (ev) {
    network.setOptions({ physics: { enabled: ev.target.checked } });
  });
  document.getElementById("fit").addEventListener("click", function () { network.fit(); });

  window.kg = {
    network: network, nodes: nodes, edges: edges, status: status, apply: apply,
    showEdge: showEdge, showNode: showNode,
  };
})();
