// The interactive part of a network view: search, filters, time control, neighbourhood highlight, legend,
// details, labels, tooltips, the list of statements, and the view's state in its URL.
// Node positions come from the page and physics is off, so nothing moves when what is shown changes.
// Each linked pair of entities is one link (its statements listed in its tooltip, expanded on click).
// Labels, tooltips and details are set as text, never as HTML: they come from the data.
(function () {
  "use strict";
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const settings = read("view-settings");
  const options = read("view-options");
  // The page carries our IRIs shortened to ":" and their path (viz/views.py, short), and leaves out empty
  // values; they are restored here, once.
  const expand = (x) => (typeof x === "string" && x.startsWith(":") ? settings.base + x.slice(1) : x);
  const urlOf = (iri) => (settings.pages && iri.startsWith(settings.base) ? settings.pages + iri.slice(settings.base.length) : iri);
  // a statement of ours has a page (or an IRI); a triple of a CONSTRUCT result drawn as a network has neither
  const hasPage = (s) => s.id.startsWith(settings.base);
  const pairKey = (u, v) => (u <= v ? u + "|" + v : v + "|" + u);
  const allNodes = read("view-nodes").map((n) => Object.assign(n, {
    id: expand(n.id), names: n.names || "", kind_label: n.kind_label || "",
    title: [n.label, n.kind_label, n.names].filter(Boolean).join("\n"),
  }));
  allNodes.forEach((n) => { n.url = urlOf(n.id); });
  const allStatements = read("view-statements").map((s) => Object.assign(s, {
    id: expand(s.id), from: expand(s.from), to: expand(s.to), sources: s.sources || [], time: s.time || "",
    start: s.start ?? null, end: s.end ?? null, superseded: s.superseded ?? null, timeless: Boolean(s.timeless),
  }));
  allStatements.forEach((s) => { s.url = urlOf(s.id); });
  const linkOf = new Map();
  const allLinks = read("view-edges").map((l) => {
    const from = expand(l.from), to = expand(l.to);
    return Object.assign(l, { from, to, id: pairKey(from, to), arrows: l.arrows || "to", dashes: Boolean(l.dashes) });
  });
  allStatements.forEach((s) => linkOf.set(s.id, pairKey(s.from, s.to)));

  const nodeById = new Map(allNodes.map((n) => [n.id, n]));
  // vis-network draws no label: the page draws them, by importance, where there is room (see drawLabels)
  // (``value`` stays out of vis-network's hands: the size is computed already, and scaling by value would make it
  // go over every node at each change)
  const nodes = new vis.DataSet(allNodes.map((n) => Object.assign({}, n, { label: undefined, title: undefined, name: n.label,
                                                                           value: undefined })));
  const edges = new vis.DataSet(allLinks);

  const state = { year: null, timeless: true, kinds: new Set(), relations: new Set(), sources: new Set(),
                  highlighted: null, hovered: null, focus: null };
  const codeOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);  // as Python sorts strings
  const slug = (iri) => iri.replace(/^.*[/#]/, "");

  // --- the view's state in its URL: ?as_of=2019&undated=hide&hide_relation=...&focus=japan ----------------
  const query = new URLSearchParams(window.location.search);
  const yearParam = Number.parseInt(query.get("as_of") || "", 10);
  if (Number.isInteger(yearParam)) state.year = yearParam;
  else if (settings.asOf) state.year = settings.asOf;
  state.timeless = query.has("undated") ? query.get("undated") !== "hide" : settings.timeless !== false;
  query.getAll("hide_class").forEach((v) => state.kinds.add(v));
  query.getAll("hide_relation").forEach((v) => state.relations.add(v));
  query.getAll("hide_source").forEach((v) => state.sources.add(v));

  function saveState() {
    const next = new URLSearchParams();
    for (const [key, value] of query.entries()) {  // whatever the page was opened with that is not ours
      if (!["as_of", "undated", "hide_class", "hide_relation", "hide_source", "focus"].includes(key)) next.append(key, value);
    }
    if (state.year !== null) next.set("as_of", String(state.year));
    if (!state.timeless) next.set("undated", "hide");
    state.kinds.forEach((v) => next.append("hide_class", v));
    state.relations.forEach((v) => next.append("hide_relation", v));
    state.sources.forEach((v) => next.append("hide_source", v));
    if (state.focus) next.set("focus", slug(state.focus));
    const text = next.toString();
    try {
      window.history.replaceState(null, "", window.location.pathname + (text ? "?" + text : "") + window.location.hash);
    } catch (error) { /* a file opened from disk may not change its URL: the view works the same */ }
  }

  // The as_of rule (docs/curation.md): a dated claim holds in the span its text gives, a claim current at writing
  // in its report's year, a value of a one-value-at-a-time relation until a later statement superseded it. A claim
  // with no date (undated, or timeless: an identity) holds in every year unless the user leaves them out.
  const has = (v) => v !== null && v !== undefined;
  const dateless = (s) => s.timeless || (!has(s.start) && !has(s.end));
  function holdsIn(s, year) {
    if (dateless(s)) return state.timeless;
    if (has(s.start) && s.start > year) return false;
    if (has(s.end) && s.end < year) return false;
    if (has(s.superseded) && year >= s.superseded) return false;
    return true;
  }
  function passesFilters(s) {  // everything but time
    if (state.relations.has(s.relation)) return false;
    if (s.sources && s.sources.length && s.sources.every((x) => state.sources.has(x))) return false;
    const from = nodeById.get(s.from), to = nodeById.get(s.to);
    return from && to && !state.kinds.has(from.group_label) && !state.kinds.has(to.group_label);
  }

  let visibleLinks = new Set();
  let visibleNodes = new Set();
  let shownByLink = new Map();   // link id -> its statements shown now
  const hasLink = new Set();
  allLinks.forEach((l) => { hasLink.add(l.from); hasLink.add(l.to); });

  const edgeView = new vis.DataView(edges, { filter: (link) => visibleLinks.has(link.id) });
  const nodeView = new vis.DataView(nodes, { filter: (node) => visibleNodes.has(node.id) });

  // With physics off, vis-network redraws the whole canvas at once on every change to its data, so changes are
  // made with drawing held, and the network is drawn once, in the next animation frame.
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

  // The cap (viz/projection.py, cap): beyond maxNodes entities, the maxNodes linked to the most others among what
  // the filters leave (ties by label, then IRI); beyond maxLinks links among them, those with the most statements.
  function choose(filtered) {
    shownByLink = new Map();
    filtered.forEach((s) => {
      const id = linkOf.get(s.id);
      if (!shownByLink.has(id)) shownByLink.set(id, []);
      shownByLink.get(id).push(s);
    });
    const links = allLinks.filter((l) => shownByLink.has(l.id));
    const filtering = state.year !== null || state.kinds.size || state.relations.size || state.sources.size;
    const linked = new Set();
    links.forEach((l) => { linked.add(l.from); linked.add(l.to); });
    // with a time or a filter set, a node shows when one of its links does (or, with no year, it has none at all)
    let candidates = allNodes.filter((n) => !state.kinds.has(n.group_label) &&
                                            (linked.has(n.id) || (!hasLink.has(n.id) && state.year === null)));
    const totalNodes = candidates.length, totalLinks = links.length;
    if (candidates.length > settings.maxNodes) {
      const degree = new Map();
      links.forEach((l) => {
        if (l.from === l.to) return;
        degree.set(l.from, (degree.get(l.from) || 0) + 1);
        degree.set(l.to, (degree.get(l.to) || 0) + 1);
      });
      candidates = candidates.slice().sort((a, b) => ((degree.get(b.id) || 0) - (degree.get(a.id) || 0)) ||
                                                     codeOrder(a.label, b.label) || codeOrder(a.id, b.id))
                             .slice(0, settings.maxNodes);
    }
    const kept = new Set(candidates.map((n) => n.id));
    let among = links.filter((l) => kept.has(l.from) && kept.has(l.to));
    if (among.length > settings.maxLinks) {
      among = among.slice().sort((a, b) => (shownByLink.get(b.id).length - shownByLink.get(a.id).length) ||
                                           codeOrder(a.id, b.id)).slice(0, settings.maxLinks);
    }
    return { nodes: kept, links: new Set(among.map((l) => l.id)), totalNodes, totalLinks, filtering };
  }

  function refresh() {
    const filtered = allStatements.filter(passesFilters);
    const inTime = state.year === null ? filtered : filtered.filter((s) => holdsIn(s, state.year));
    const chosen = choose(inTime);
    visibleLinks = chosen.links;
    visibleNodes = chosen.nodes;
    batch(() => { edgeView.refresh(); nodeView.refresh(); });
    let statements = 0;
    visibleLinks.forEach((id) => { statements += shownByLink.get(id).length; });

    const status = document.getElementById("status");
    status.textContent = nodeView.length + " of " + allNodes.length + " entities, " + statements + " of " +
      allStatements.length + " statements (" + edgeView.length + " links)";
    status.dataset.nodes = nodeView.length;
    status.dataset.edges = statements;
    status.dataset.links = edgeView.length;

    // the time rule, with its counts: among what the other filters leave
    const undated = filtered.filter((s) => !s.timeless && !has(s.start) && !has(s.end)).length;
    const timeless = filtered.filter((s) => s.timeless).length;
    const dated = filtered.length - undated - timeless;
    const rule = document.getElementById("time-rule");
    if (state.year === null) {
      rule.textContent = "Every year: " + filtered.length + " statements, " + undated + " of them undated and " +
        timeless + " timeless (identities).";
    } else {
      const inForce = inTime.filter((s) => !dateless(s)).length;
      rule.textContent = "In " + state.year + ": " + inForce + " of " + dated + " dated statements in force; " +
        (undated + timeless) + " with no date (" + undated + " undated, " + timeless + " timeless) " +
        (state.timeless ? "shown, as in every year." : "left out.");
    }
    Object.assign(rule.dataset, { undated, timeless, dated, shown: state.timeless ? "yes" : "no" });

    const cap = document.getElementById("cap");
    const capped = nodeView.length < chosen.totalNodes || edgeView.length < chosen.totalLinks;
    cap.hidden = !capped;
    cap.textContent = capped ? "Showing " + nodeView.length + " of " + chosen.totalNodes + " entities and " +
      edgeView.length + " of " + chosen.totalLinks + " links" + (chosen.filtering ? " that the filters leave" : "") +
      ": the " + settings.maxNodes + " entities linked to the most others, and the " + settings.maxLinks +
      " links among them with the most statements. Filter or set a year to see others." : "";
    cap.dataset.nodes = chosen.totalNodes;
    cap.dataset.links = chosen.totalLinks;
    saveState();
    if (statementsBox.open) listStatements();
  }

  const statementsBox = document.getElementById("statements");
  refresh();  // before drawing, so the first picture (and its fit) is of what is shown
  const container = document.getElementById("network");
  network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  window.diplographNetwork = { network, nodes, edges, nodeView, edgeView, state, refresh, statements: allStatements };

  // --- labels: by importance, where there is room ----------------------------------------------------------
  // Drawn after vis-network's picture, at a constant size on screen: the focused and highlighted node and its
  // neighbours first, then the others by rank (the most linked first, viz/projection.py importance), each only
  // where it overlaps no label already drawn. Zooming in makes room, so more labels show.
  const widths = new Map();
  function drawLabels(ctx) {
    const ratio = network.canvas.frame.canvas.width / Math.max(1, container.clientWidth);
    const visible = nodeView.getIds().filter((id) => network.body.nodes[id]);
    const first = new Set();
    if (state.focus) first.add(state.focus);
    if (state.highlighted) { first.add(state.highlighted); network.getConnectedNodes(state.highlighted).forEach((id) => first.add(id)); }
    const order = visible.sort((a, b) => (first.has(b) - first.has(a)) || (nodeById.get(a).rank - nodeById.get(b).rank));
    const scale = network.getScale();
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    const width = container.clientWidth, height = container.clientHeight;
    // the nodes are obstacles too: a name is not written across another node (a grid of 64 px cells finds them)
    const CELL = 64, grid = new Map();
    const cellsOf = (b) => {
      const found = [];
      for (let cx = Math.floor(b.x / CELL); cx <= Math.floor((b.x + b.w) / CELL); cx++) {
        for (let cy = Math.floor(b.y / CELL); cy <= Math.floor((b.y + b.h) / CELL); cy++) found.push(cx + ":" + cy);
      }
      return found;
    };
    const obstacle = (b) => cellsOf(b).forEach((c) => { if (!grid.has(c)) grid.set(c, []); grid.get(c).push(b); });
    const overlaps = (b, nodesToo) => cellsOf(b).some((c) => (grid.get(c) || []).some((p) =>
      (nodesToo || p.label) && p.id !== b.id && b.x < p.x + p.w && p.x < b.x + b.w && b.y < p.y + p.h && p.y < b.y + b.h));
    for (const id of order) {
      const node = network.body.nodes[id];
      const at = network.canvasToDOM({ x: node.x, y: node.y });
      const r = ((node.shape && (node.shape.radius || node.shape.height / 2)) || node.options.size || 8) * scale;
      if (at.x + r < 0 || at.x - r > width || at.y + r < 0 || at.y - r > height) continue;
      obstacle({ id, x: at.x - r, y: at.y - r, w: 2 * r, h: 2 * r });
    }
    let drawn = 0;
    for (const id of order) {
      if (state.highlighted && !first.has(id)) continue;  // veiled: not named
      const node = network.body.nodes[id], data = nodeById.get(id);
      const at = network.canvasToDOM({ x: node.x, y: node.y });
      const size = (node.shape && (node.shape.radius || node.shape.height / 2)) || node.options.size || 8;
      const strong = first.has(id) || data.rank < 10;
      ctx.font = (strong ? "600 " : "") + "12px system-ui, sans-serif";
      const text = data.label.length > 30 ? data.label.slice(0, 28).trimEnd() + "…" : data.label;
      const key = ctx.font + text;
      if (!widths.has(key)) widths.set(key, ctx.measureText(text).width);
      const w = widths.get(key), h = 14;
      const box = { id, label: true, x: at.x - w / 2 - 2, y: at.y + size * scale + 2, w: w + 4, h };
      if (box.x + box.w < 0 || box.x > width || box.y > height || box.y + h < 0) continue;
      const chosen = id === state.focus || id === state.highlighted;  // always named, whatever it covers
      // the hubs and the neighbourhood in view may cross other nodes, never other names
      if (!chosen && overlaps(box, !strong)) continue;
      obstacle(box);
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255, 255, 255, 0.9)";
      ctx.strokeText(text, at.x, box.y);
      ctx.fillStyle = "#1d2733";
      ctx.fillText(text, at.x, box.y);
      drawn += 1;
    }
    ctx.restore();
    container.dataset.labels = drawn;
  }

  const labelsShown = document.getElementById("labels-shown");
  labelsShown.addEventListener("change", () => network.body.emitter.emit("_requestRedraw"));

  // --- highlight ---------------------------------------------------------------------------------------------
  // A highlight is drawn over the picture, not written into the data: after each draw the picture is veiled in
  // white and the node's neighbourhood drawn again on top.
  const VEIL = "rgba(255, 255, 255, 0.8)";
  function highlight(id) {
    state.highlighted = id;
    network.body.emitter.emit("_requestRedraw");  // drawn in the next frame, with any other change
  }
  network.on("afterDrawing", (ctx) => {
    const id = state.highlighted;
    if (id !== null && network.body.nodes[id] && visibleNodes.has(id)) {
      const near = { nodes: [id, ...network.getConnectedNodes(id)], edges: network.getConnectedEdges(id) };
      const corner = network.DOMtoCanvas({ x: 0, y: 0 });
      const across = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
      ctx.save();
      ctx.fillStyle = VEIL;
      ctx.fillRect(corner.x, corner.y, across.x - corner.x, across.y - corner.y);
      ctx.restore();
      near.edges.forEach((e) => { const edge = network.body.edges[e]; if (edge) edge.draw(ctx); });
      near.nodes.forEach((n) => { const node = network.body.nodes[n]; if (node) node.draw(ctx); });
    }
    if (labelsShown.checked) drawLabels(ctx);
  });
  network.once("afterDrawing", () => {
    network.fit();
    document.body.dataset.drawn = "true";
    if (query.get("focus")) find(query.get("focus"));
  });
  window.diplographNetwork.highlight = highlight;

  // --- what is under the pointer: the node there, else the nearest link within a few pixels ----------------
  function under(dom) {
    const node = network.getNodeAt(dom);
    if (node !== undefined && visibleNodes.has(node)) return { node };
    const p = network.DOMtoCanvas(dom);
    const reach = 8 / network.getScale();
    let best = null, bestDistance = reach;
    visibleLinks.forEach((id) => {
      const edge = network.body.edges[id];
      if (!edge || !edge.from || !edge.to) return;
      const d = edge.edgeType.getDistanceToEdge(edge.from.x, edge.from.y, edge.to.x, edge.to.y, p.x, p.y);
      if (d < bestDistance) { best = id; bestDistance = d; }
    });
    return best === null ? {} : { link: best };
  }
  const label = (id) => (nodeById.get(id) || { label: slug(id) }).label;
  function relationsOf(shown) {
    const counted = new Map();
    shown.forEach((s) => counted.set(s.relation, (counted.get(s.relation) || 0) + 1));
    return [...counted.entries()].sort((a, b) => b[1] - a[1] || codeOrder(a[0], b[0]));
  }
  function linkSummary(id) {
    const link = edges.get(id), shown = shownByLink.get(id) || [];
    const lines = [label(link.from) + " — " + label(link.to) + ": " + shown.length +
                   (shown.length === 1 ? " statement" : " statements")];
    relationsOf(shown).forEach(([relation, count]) => lines.push("· " + relation + (count > 1 ? " ×" + count : "")));
    lines.push("Click for the statements, their sources and quotes.");
    return lines.join("\n");
  }
  const tooltip = document.getElementById("tooltip");
  function showTooltip(found, dom) {
    if (found.node) {
      const n = nodeById.get(found.node);
      tooltip.textContent = n.title + "\n" + network.getConnectedNodes(n.id).length + " linked entities shown";
      tooltip.dataset.node = n.id;
      delete tooltip.dataset.link;
    } else if (found.link) {
      tooltip.textContent = linkSummary(found.link);
      tooltip.dataset.link = found.link;
      delete tooltip.dataset.node;
    } else {
      tooltip.hidden = true;
      delete tooltip.dataset.link;
      delete tooltip.dataset.node;
      return;
    }
    tooltip.hidden = false;
    const left = Math.min(dom.x + 14, Math.max(0, container.clientWidth - tooltip.offsetWidth - 4));
    const top = dom.y + 16 + tooltip.offsetHeight > container.clientHeight ? Math.max(0, dom.y - tooltip.offsetHeight - 8) : dom.y + 16;
    tooltip.style.left = left + "px";
    tooltip.style.top = top + "px";
  }
  function setHovered(id) {
    if (state.hovered === id) return;
    const old = state.hovered !== null && network.body.edges[state.hovered];
    if (old) old.hover = false;
    state.hovered = id;
    const edge = id !== null && network.body.edges[id];
    if (edge) edge.hover = true;
    network.body.emitter.emit("_requestRedraw");
  }
  let pending = null;
  container.addEventListener("pointermove", (event) => {
    const box = container.getBoundingClientRect();
    pending = { x: event.clientX - box.left, y: event.clientY - box.top };
    window.requestAnimationFrame(() => {
      if (pending === null) return;
      const dom = pending;
      pending = null;
      const found = under(dom);
      setHovered(found.link || null);
      showTooltip(found, dom);
    });
  });
  container.addEventListener("pointerleave", () => { pending = null; setHovered(null); showTooltip({}, null); });
  network.on("dragStart", () => { setHovered(null); showTooltip({}, null); });

  // --- search ------------------------------------------------------------------------------------------------
  const datalist = document.getElementById("labels");
  allNodes.slice().sort((a, b) => a.label.localeCompare(b.label)).forEach((n) => {
    const option = document.createElement("option");
    option.value = n.label;
    datalist.append(option);
  });
  const search = document.getElementById("search");
  function find(text) {
    const wanted = text.trim().toLowerCase();
    if (!wanted) return;
    const hit = allNodes.find((n) => n.label.toLowerCase() === wanted || slug(n.id).toLowerCase() === wanted) ||
                allNodes.find((n) => n.label.toLowerCase().startsWith(wanted)) ||
                allNodes.find((n) => n.label.toLowerCase().includes(wanted)) ||
                allNodes.find((n) => (n.names || "").toLowerCase().includes(wanted));  // names in the region's languages
    if (!hit) { search.setCustomValidity("no such name here"); search.reportValidity(); return; }
    search.setCustomValidity("");
    state.focus = hit.id;
    saveState();
    if (!visibleNodes.has(hit.id)) {
      details(hit.label, ["Not shown now: a filter, the year or the cap leaves it out."], hit.url);
      return;
    }
    // At once, not animated: vis-network advances a view's animation only when it draws, and with physics off it
    // draws only when asked, so an animated move went on with each later hover and the picture shifted under the
    // pointer. Physics is off, so once moved nothing moves until the user drags or zooms.
    network.moveTo({ position: network.getPosition(hit.id), scale: Math.max(network.getScale(), 1.2), animation: false });
    network.selectNodes([hit.id]);
    highlight(hit.id);
    nodeDetails(hit.id);
  }
  search.addEventListener("change", () => find(search.value));
  search.addEventListener("keydown", (event) => { if (event.key === "Enter") find(search.value); });

  // --- time ----------------------------------------------------------------------------------------------------
  const years = allStatements.flatMap((s) => [s.start, s.end, s.superseded]).filter((y) => typeof y === "number");
  const slider = document.getElementById("time-year");
  const every = document.getElementById("time-all");
  const yearLabel = document.getElementById("time-label");
  if (years.length) {
    slider.min = years.reduce((a, b) => Math.min(a, b));
    slider.max = years.reduce((a, b) => Math.max(a, b));
    slider.value = state.year !== null ? state.year : slider.max;
  } else {  // nothing is dated: no year to choose (the rule still says how many have no date)
    every.disabled = slider.hidden = true;
  }
  every.checked = state.year === null;
  function setYear() {
    state.year = every.checked ? null : Number(slider.value);
    slider.disabled = every.checked;
    yearLabel.textContent = every.checked ? "" : String(slider.value);
    refresh();
  }
  every.addEventListener("change", setYear);
  // A slider dragged across the years sends an input event per year: the view changes once per frame, to the
  // year the slider is at then, rather than once per year passed.
  let yearPending = false;
  slider.addEventListener("input", () => {
    if (yearPending) return;
    yearPending = true;
    window.requestAnimationFrame(() => { yearPending = false; setYear(); });
  });
  const keepTimeless = document.getElementById("time-timeless");
  keepTimeless.checked = state.timeless;
  keepTimeless.addEventListener("change", () => { state.timeless = keepTimeless.checked; refresh(); });

  // --- filters and legend ----------------------------------------------------------------------------------
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
      input.checked = !chosen.has(value);
      input.value = value;
      input.addEventListener("change", () => { if (input.checked) chosen.delete(value); else chosen.add(value); refresh(); });
      label.append(input, " " + value + " (" + count + ")");
      box.append(label);
    });
  }
  checkboxes("filter-kinds", counts(allNodes, "group_label"), state.kinds);
  checkboxes("filter-relations", counts(allStatements, "relation"), state.relations);
  checkboxes("filter-sources", counts(allStatements, "sources"), state.sources);
  if (state.kinds.size || state.relations.size || state.sources.size) document.getElementById("filters").open = true;

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
  allLinks.forEach((l) => seenEdges.set(l.group_label, [l.color, l.dashes]));
  seenNodes.forEach(([colour, shape], text) => legendItem(document.getElementById("legend-nodes"), colour, text, shape));
  seenEdges.forEach(([colour, dashed], text) => legendItem(document.getElementById("legend-edges"), colour, text, null, dashed));

  // --- links out ----------------------------------------------------------------------------------------------
  if (settings.timeline) {
    const a = document.createElement("a");
    a.href = settings.timeline;
    a.textContent = "Its dated statements on a timeline";
    a.target = settings.embedded ? "_top" : "_self";
    document.getElementById("links").append(a);
  }

  // --- details ---------------------------------------------------------------------------------------------
  const box = document.getElementById("details");
  function link(text, href) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    a.target = settings.embedded ? "_top" : "_self";
    return a;
  }
  function details(title, lines, url) {
    box.replaceChildren();
    const heading = document.createElement("h2");
    heading.textContent = title;
    box.append(heading);
    lines.forEach((line) => { const p = document.createElement("p"); p.textContent = line; box.append(p); });
    if (url) box.append(link(settings.served ? "Open its page" : "Its IRI", url));
    box.hidden = false;
  }
  function nodeDetails(id) {
    const node = nodeById.get(id);
    details(node.label, [node.title.split("\n").slice(1).join(" "),
                         network.getConnectedNodes(id).length + " linked entities shown"], node.url);
  }
  const sourceUrl = (source) => urlOf(settings.base + "source/" + encodeURIComponent(source));
  function quoteList(quotes) {
    const list = document.createElement("ul");
    list.className = "quotes";
    quotes.forEach(([source, quote]) => {
      const item = document.createElement("li");
      const q = document.createElement("q");
      q.textContent = quote;
      item.append(q, " (", link(source, sourceUrl(source)), ")");
      list.append(item);
    });
    return list;
  }
  async function evidence(ids) {  // served views read quotes when asked, rather than carry them all
    if (!settings.evidence) return {};
    const url = settings.evidence + "?" + ids.map((id) => "statement=" + encodeURIComponent(id)).join("&");
    const answer = await fetch(url, { headers: { Accept: "application/json" } });
    return answer.ok ? answer.json() : {};
  }
  async function linkDetails(id) {
    const l = edges.get(id), shown = shownByLink.get(id) || [];
    box.replaceChildren();
    const heading = document.createElement("h2");
    heading.textContent = label(l.from) + " — " + label(l.to);
    const count = document.createElement("p");
    count.textContent = shown.length + (shown.length === 1 ? " statement" : " statements") + " shown";
    const list = document.createElement("ol");
    list.className = "statements";
    box.append(heading, count, list);
    box.hidden = false;
    const quotes = settings.evidence ? await evidence(shown.map((s) => s.id)) : {};
    shown.forEach((s) => {
      const item = document.createElement("li");
      item.dataset.statement = s.id;
      const what = document.createElement("p");
      what.textContent = label(s.from) + " — " + s.relation + " → " + label(s.to) +
        [s.time, s.level, s.stance].filter(Boolean).map((x) => " · " + x).join("");
      const from = document.createElement("p");
      from.append("Source: ");
      s.sources.forEach((source, i) => { if (i) from.append(", "); from.append(link(source, sourceUrl(source))); });
      item.append(what, from, quoteList(s.quotes || quotes[s.id] || []));
      if (hasPage(s)) item.append(link("The statement", s.url));
      list.append(item);
    });
  }
  network.on("click", (event) => {
    const found = event.pointer ? under(event.pointer.DOM) : {};  // a click made by a script has no pointer
    if (found.node) {
      highlight(found.node);
      nodeDetails(found.node);
    } else if (found.link) {
      network.unselectAll();
      network.selectEdges([found.link]);
      linkDetails(found.link);
    } else {
      highlight(null);
      box.hidden = true;
    }
  });
  network.on("doubleClick", (event) => {
    const found = event.pointer ? under(event.pointer.DOM) : {};
    if (found.node && settings.served) {
      (settings.embedded ? window.top : window).location.assign(nodeById.get(found.node).url);
    }
  });
  window.diplographNetwork.under = under;
  // the statements of the links drawn now (what the status line counts)
  window.diplographNetwork.shownStatements = () => [...visibleLinks].flatMap((id) => shownByLink.get(id).map((s) => s.id));
  window.diplographNetwork.linkDetails = linkDetails;

  // --- the same facts as a list, for the keyboard and screen readers -----------------------------------------
  const MAX_ROWS = 500;
  function listStatements() {
    const rows = [];
    visibleLinks.forEach((id) => shownByLink.get(id).forEach((s) => rows.push(s)));
    rows.sort((a, b) => label(a.from).localeCompare(label(b.from)) || label(a.to).localeCompare(label(b.to)) ||
                        a.relation.localeCompare(b.relation));
    const body = document.getElementById("statements-rows");
    body.replaceChildren(...rows.slice(0, MAX_ROWS).map((s) => {
      const row = document.createElement("tr");
      const cell = (content) => { const td = document.createElement("td"); td.append(content); row.append(td); };
      cell(label(s.from));
      cell(hasPage(s) ? link(s.relation, s.url) : s.relation);
      cell(label(s.to));
      cell(s.time || (s.timeless ? "timeless" : "undated"));
      cell(s.sources.join(", "));
      return row;
    }));
    document.getElementById("statements-count").textContent = "(" + rows.length + ")";
    const more = document.getElementById("statements-more");
    more.hidden = rows.length <= MAX_ROWS;
    more.textContent = "The first " + MAX_ROWS + " of " + rows.length + ": filter to list the others.";
  }
  statementsBox.addEventListener("toggle", () => { if (statementsBox.open) listStatements(); });

  setYear();
})();
