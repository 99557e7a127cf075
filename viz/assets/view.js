// The interactive part of a network view: search, filters, time control, neighbourhood highlight, legend,
// details. Node positions come from the page and physics is off, so nothing moves when what is shown changes.
// Labels, tooltips and details are set as text, never as HTML: they come from the data.
(function () {
  "use strict";
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const settings = read("view-settings");
  const allNodes = read("view-nodes");
  const allEdges = read("view-edges");
  const options = read("view-options");

  const nodes = new vis.DataSet(allNodes);
  const edges = new vis.DataSet(allEdges);

  const state = { year: null, timeless: true, kinds: new Set(), relations: new Set(), sources: new Set(), highlighted: null };

  // The as_of rule (docs/curation.md): a dated claim holds in the span its text gives, a claim current at writing
  // in its report's year, a value of a one-value-at-a-time relation until a later statement superseded it; a
  // timeless claim (an identity) holds in every year unless the user leaves timeless claims out.
  function holdsIn(edge, year) {
    const has = (v) => v !== null && v !== undefined;
    if (edge.timeless || (!has(edge.start) && !has(edge.end))) return state.timeless;
    if (has(edge.start) && edge.start > year) return false;
    if (has(edge.end) && edge.end < year) return false;
    if (has(edge.superseded) && year >= edge.superseded) return false;
    return true;
  }

  function edgeShown(edge) {
    if (state.relations.has(edge.relation)) return false;
    if (edge.sources && edge.sources.length && edge.sources.every((s) => state.sources.has(s))) return false;
    if (state.year !== null && !holdsIn(edge, state.year)) return false;
    const from = nodes.get(edge.from), to = nodes.get(edge.to);
    return from && to && !state.kinds.has(from.group_label) && !state.kinds.has(to.group_label);
  }

  let visibleEdges = new Set();
  let linked = new Set();
  const hasEdge = new Set();
  allEdges.forEach((e) => { hasEdge.add(e.from); hasEdge.add(e.to); });

  function nodeShown(node) {
    if (state.kinds.has(node.group_label)) return false;
    // with a time or a filter set, a node shows when one of its edges does (or it has none at all)
    return linked.has(node.id) || (!hasEdge.has(node.id) && state.year === null);
  }

  const edgeView = new vis.DataView(edges, { filter: (edge) => visibleEdges.has(edge.id) });
  const nodeView = new vis.DataView(nodes, { filter: (node) => nodeShown(node) });

  // With physics off, vis-network redraws the whole canvas at once on every change to its data (each add,
  // remove or update), so hiding edges and then nodes drew a large network three or four times over. Changes
  // are made with drawing held, and the network is drawn once, in the next animation frame (a draw already
  // asked for is kept, not doubled: hence the renderer's flag rather than its _allowRedraw event).
  let network = null;
  function batch(change) {
    if (network === null) { change(); return; }
    network.renderer.allowRedraw = false;
    try {
      change();
    } finally {
      network.renderer.allowRedraw = true;
      network.body.emitter.emit("_requestRedraw");
    }
  }

  function refresh() {
    visibleEdges = new Set(allEdges.filter(edgeShown).map((e) => e.id));
    linked = new Set();
    allEdges.forEach((e) => { if (visibleEdges.has(e.id)) { linked.add(e.from); linked.add(e.to); } });
    batch(() => { edgeView.refresh(); nodeView.refresh(); });
    const status = document.getElementById("status");
    const timeless = allEdges.filter((e) => e.timeless).length;
    let note = "";
    if (state.year !== null) {
      note = " in force in " + state.year + (state.timeless ? " (" + timeless + " timeless claims kept)"
                                                            : " (" + timeless + " timeless claims left out)");
    }
    status.textContent = nodeView.length + " of " + allNodes.length + " nodes, " + edgeView.length + " of " +
      allEdges.length + " edges" + note;
    status.dataset.timeless = timeless;
    const count = document.getElementById("time-timeless-count");
    if (count) count.textContent = timeless + (state.timeless ? " kept" : " left out");
    status.dataset.nodes = nodeView.length;
    status.dataset.edges = edgeView.length;
  }

  if (settings.asOf) state.year = settings.asOf;
  if (settings.timeless === false) state.timeless = false;
  refresh();  // before drawing, so the first picture (and its fit) is of what is shown
  const container = document.getElementById("network");
  network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  network.once("afterDrawing", () => { network.fit(); document.body.dataset.drawn = "true"; });
  window.diplographNetwork = { network, nodes, edges, nodeView, edgeView, state, refresh };

  // --- search -----------------------------------------------------------------------------------------
  const datalist = document.getElementById("labels");
  allNodes.slice().sort((a, b) => a.label.localeCompare(b.label)).forEach((n) => {
    const option = document.createElement("option");
    option.value = n.label;
    datalist.append(option);
  });
  const search = document.getElementById("search");
  function find() {
    const wanted = search.value.trim().toLowerCase();
    if (!wanted) return;
    const hit = allNodes.find((n) => n.label.toLowerCase() === wanted) ||
                allNodes.find((n) => n.label.toLowerCase().startsWith(wanted)) ||
                allNodes.find((n) => n.label.toLowerCase().includes(wanted)) ||
                allNodes.find((n) => (n.names || "").toLowerCase().includes(wanted));  // names in the region's languages
    if (!hit) { search.setCustomValidity("no such name here"); search.reportValidity(); return; }
    search.setCustomValidity("");
    // the animation first: its frames draw the selection and the highlight, instead of a draw of their own
    network.focus(hit.id, { scale: 1.2, animation: { duration: 300 } });
    network.selectNodes([hit.id]);
    highlight(hit.id);
  }
  search.addEventListener("change", find);
  search.addEventListener("keydown", (event) => { if (event.key === "Enter") find(); });

  // --- time -------------------------------------------------------------------------------------------
  const years = allEdges.flatMap((e) => [e.start, e.end, e.superseded]).filter((y) => typeof y === "number");
  const slider = document.getElementById("time-year");
  const every = document.getElementById("time-all");
  const yearLabel = document.getElementById("time-label");
  if (years.length) {
    slider.min = Math.min(...years);
    slider.max = Math.max(...years);
    slider.value = settings.asOf || slider.max;
  } else {
    document.getElementById("time").hidden = true;
  }
  function setYear() {
    state.year = every.checked ? null : Number(slider.value);
    slider.disabled = every.checked;
    yearLabel.textContent = every.checked ? "" : String(slider.value);
    refresh();
  }
  every.addEventListener("change", setYear);
  slider.addEventListener("input", setYear);
  const keepTimeless = document.getElementById("time-timeless");
  keepTimeless.checked = state.timeless;
  keepTimeless.addEventListener("change", () => { state.timeless = keepTimeless.checked; refresh(); });
  if (settings.asOf) { every.checked = false; }

  // --- filters and legend ----------------------------------------------------------------------------
  function counts(items, key) {
    const found = new Map();
    items.forEach((item) => [].concat(item[key] || []).forEach((value) => found.set(value, (found.get(value) || 0) + 1)));
    return [...found.entries()].sort((a, b) => b[1] - a[1]);
  }
  function checkboxes(id, entries, chosen) {
    const box = document.getElementById(id);
    entries.forEach(([value, count]) => {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "checkbox";
      input.checked = true;
      input.value = value;
      input.addEventListener("change", () => { if (input.checked) chosen.delete(value); else chosen.add(value); refresh(); });
      label.append(input, " " + value + " (" + count + ")");
      box.append(label);
    });
  }
  checkboxes("filter-kinds", counts(allNodes, "group_label"), state.kinds);
  checkboxes("filter-relations", counts(allEdges, "relation"), state.relations);
  checkboxes("filter-sources", counts(allEdges, "sources"), state.sources);

  function legendItem(list, colour, text, shape, dashed) {
    const item = document.createElement("li");
    const mark = document.createElement("span");
    mark.className = "mark " + (shape || "line") + (dashed ? " dashed" : "");
    mark.style.setProperty("--c", colour);
    item.append(mark, " " + text);
    list.append(item);
  }
  const seenNodes = new Map(), seenEdges = new Map();
  allNodes.forEach((n) => seenNodes.set(n.group_label, [n.color, n.shape]));
  allEdges.forEach((e) => seenEdges.set(e.group_label, [e.color, e.dashes]));
  seenNodes.forEach(([colour, shape], label) => legendItem(document.getElementById("legend-nodes"), colour, label, shape));
  seenEdges.forEach(([colour, dashed], label) => legendItem(document.getElementById("legend-edges"), colour, label, null, dashed));

  // --- highlight and details ---------------------------------------------------------------------------
  // A highlight is drawn over the picture, not written into the data: after each draw the picture is veiled in
  // white and the node's neighbourhood drawn again on top. Greying every other node and edge through the
  // DataSet cost vis-network an update per item (about a second at 5,000 nodes); this costs one more draw of a
  // neighbourhood.
  const VEIL = "rgba(255, 255, 255, 0.8)";
  function highlight(id) {
    state.highlighted = id;
    network.body.emitter.emit("_requestRedraw");  // drawn in the next frame, with any other change
  }
  network.on("afterDrawing", (ctx) => {
    const id = state.highlighted;
    if (id === null || !network.body.nodes[id]) return;  // nothing highlighted, or it is filtered out
    // what is shown of its neighbourhood now, filters and time applied
    const near = { nodes: [id, ...network.getConnectedNodes(id)], edges: network.getConnectedEdges(id) };
    const corner = network.DOMtoCanvas({ x: 0, y: 0 });
    const across = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    ctx.save();
    ctx.fillStyle = VEIL;
    ctx.fillRect(corner.x, corner.y, across.x - corner.x, across.y - corner.y);
    ctx.restore();
    // vis-network's own drawing of an edge and a node (as in its renderer), so they look as they did unveiled
    near.edges.forEach((id) => { const edge = network.body.edges[id]; if (edge) edge.draw(ctx); });
    near.nodes.forEach((id) => { const node = network.body.nodes[id]; if (node) node.draw(ctx); });
  });
  window.diplographNetwork.highlight = highlight;
  function details(title, lines, link) {
    const box = document.getElementById("details");
    box.replaceChildren();
    const heading = document.createElement("h2");
    heading.textContent = title;
    box.append(heading);
    lines.forEach((line) => { const p = document.createElement("p"); p.textContent = line; box.append(p); });
    if (link) {
      const a = document.createElement("a");
      a.href = link;
      a.textContent = settings.served ? "Open its page" : "Its IRI";
      a.target = settings.embedded ? "_top" : "_self";
      box.append(a);
    }
    box.hidden = false;
  }
  network.on("click", (event) => {
    if (event.nodes.length) {
      const node = nodes.get(event.nodes[0]);
      highlight(node.id);
      details(node.label, [node.title.split("\n").slice(1).join(" "), network.getConnectedNodes(node.id).length + " neighbours"], node.url);
    } else if (event.edges.length) {
      const edge = edges.get(event.edges[0]);
      details(edge.relation, edge.title.split("\n"), null);
    } else {
      highlight(null);
      document.getElementById("details").hidden = true;
    }
  });
  network.on("doubleClick", (event) => {
    if (event.nodes.length && settings.served) {
      const node = nodes.get(event.nodes[0]);
      (settings.embedded ? window.top : window).location.assign(node.url);
    }
  });

  setYear();
})();
