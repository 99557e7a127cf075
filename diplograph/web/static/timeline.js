// A timeline page: the dated statements drawn with vis-timeline, grouped by relation; a click on an item (or on
// an Evidence button of the table under it) shows its quotes, sources and statement. Text from the data is set
// as text, never as HTML.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("timeline-data").textContent);
  const byId = new Map(data.items.map((item) => [item.statement, item]));
  const panel = document.getElementById("evidence");
  const pageOf = (iri) => (iri.startsWith(data.base) ? "/" + iri.slice(data.base.length) : iri);

  function link(text, href) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }
  function showEvidence(id) {
    const item = byId.get(id);
    if (!item) { panel.hidden = true; return; }
    panel.replaceChildren();
    const heading = document.createElement("h2");
    heading.textContent = item.text;
    const when = document.createElement("p");
    when.textContent = [item.time || item.start, item.detail, item.label].filter(Boolean).join(" · ");
    const sources = document.createElement("p");
    sources.append("Source: ");
    item.sources.forEach((source, i) => { if (i) sources.append(", "); sources.append(link(source, "/source/" + encodeURIComponent(source))); });
    const quotes = document.createElement("ul");
    quotes.className = "quotes";
    item.quotes.forEach(([source, quote]) => {
      const entry = document.createElement("li");
      const q = document.createElement("q");
      q.textContent = quote;
      entry.append(q, " (", link(source, "/source/" + encodeURIComponent(source)), ")");
      quotes.append(entry);
    });
    const statement = document.createElement("p");
    statement.append(link("The statement, with all its evidence", pageOf(item.statement)));
    panel.append(heading, when, sources, quotes, statement);
    panel.dataset.statement = id;
    panel.hidden = false;
  }

  // vis-timeline reads ISO dates; a year or a month as written stands for its first day
  const iso = (value) => (/^\d{4}$/.test(value) ? value + "-01-01" : /^\d{4}-\d{2}$/.test(value) ? value + "-01" : value);
  const container = document.getElementById("timeline");
  let timeline = null;
  if (window.vis && window.vis.Timeline && data.items.length) {
    const groups = data.groups.map((group, order) => ({ id: group, content: group, order }));
    const items = data.items.map((item) => {
      const content = document.createElement("span");
      const text = item.label || item.text;
      content.textContent = text.length > 42 ? text.slice(0, 40).trimEnd() + "…" : text;
      const entry = { id: item.statement, group: item.group, content, start: iso(item.start), title: item.text };
      if (item.end && iso(item.end) > iso(item.start)) { entry.end = iso(item.end); entry.type = "range"; } else { entry.type = "box"; }
      return entry;
    });
    // the window: the items' own years, a year either side, not today's date
    const times = items.flatMap((item) => [item.start, item.end].filter(Boolean)).sort();
    const first = Number(times[0].slice(0, 4)) - 1, last = Number(times[times.length - 1].slice(0, 4)) + 2;
    timeline = new vis.Timeline(container, new vis.DataSet(items), new vis.DataSet(groups), {
      start: first + "-01-01", end: last + "-01-01", showCurrentTime: false,
      stack: true, zoomKey: "ctrlKey", minHeight: 180, maxHeight: 520, orientation: "top", margin: { item: 6 },
      groupOrder: "order", tooltip: { followMouse: true }, xss: { disabled: false },
    });
    timeline.on("select", (event) => showEvidence(event.items[0]));
    timeline.on("changed", () => { container.dataset.drawn = "true"; });
    window.diplographTimeline = timeline;
  } else {
    container.hidden = true;
  }
  document.querySelectorAll("button.show-evidence").forEach((button) => {
    button.addEventListener("click", () => {
      const id = button.dataset.statement;
      if (timeline) { timeline.setSelection([id]); timeline.focus(id, { animation: false }); }
      showEvidence(id);
      panel.scrollIntoView({ block: "nearest" });
    });
  });
})();
