// Search-as-you-type over labels and aliases (GET /api/search), for every input marked data-autocomplete.
// Results are inserted as text, never as HTML: labels come from the data.
(function () {
  "use strict";

  function debounce(fn, ms) {
    let timer;
    return function (...args) { clearTimeout(timer); timer = setTimeout(() => fn.apply(this, args), ms); };
  }

  function attach(input) {
    const list = input.parentElement.querySelector(".suggestions");
    if (!list) return;
    let hits = [];
    let active = -1;

    function close() { list.hidden = true; active = -1; }

    function choose(hit) {
      if (input.dataset.fill === "slug") {
        input.value = hit.url.startsWith("/id/") ? hit.url.slice(4) : hit.iri;
        close();
      } else {
        window.location.assign(hit.url);
      }
    }

    function show() {
      list.replaceChildren();
      hits.forEach((hit, i) => {
        const item = document.createElement("li");
        item.setAttribute("role", "option");
        item.className = i === active ? "active" : "";
        const label = document.createElement("span");
        label.textContent = hit.label;
        item.append(label);
        if (hit.matched) {
          const alias = document.createElement("small");
          alias.textContent = " (" + hit.matched + ")";
          item.append(alias);
        }
        if (hit.kind) {
          const kind = document.createElement("em");
          kind.textContent = hit.kind;
          item.append(kind);
        }
        item.addEventListener("mousedown", (event) => { event.preventDefault(); choose(hit); });
        list.append(item);
      });
      list.hidden = hits.length === 0;
    }

    const lookup = debounce(async () => {
      const text = input.value.trim();
      if (!text) { hits = []; show(); return; }
      let found;
      try {
        const response = await fetch("/api/search?limit=8&q=" + encodeURIComponent(text));
        found = response.ok ? await response.json() : [];
      } catch (error) {
        found = [];
      }
      // Answers can arrive out of order: one for text the user has since changed is stale.
      if (input.value.trim() !== text) return;
      hits = found;
      active = -1;
      show();
    }, 120);

    input.addEventListener("input", lookup);
    input.addEventListener("blur", () => setTimeout(close, 100));
    input.addEventListener("keydown", (event) => {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { active = Math.min(active + 1, hits.length - 1); show(); event.preventDefault(); }
      else if (event.key === "ArrowUp") { active = Math.max(active - 1, 0); show(); event.preventDefault(); }
      else if (event.key === "Enter" && active >= 0) { choose(hits[active]); event.preventDefault(); }
      else if (event.key === "Escape") { close(); }
    });
  }

  document.querySelectorAll("input[data-autocomplete]").forEach(attach);

  // Our IRIs (https://w3id.org/diplograph/...) open on this server, wherever a link to one appears
  // (query results in the editor included).
  const BASE = "https://w3id.org/diplograph/";
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[href^='" + BASE + "']");
    if (!link) return;
    event.preventDefault();
    const path = "/" + link.getAttribute("href").slice(BASE.length);
    if (event.ctrlKey || event.metaKey || link.target === "_blank") window.open(path, "_blank");
    else window.location.assign(path);
  }, true);
})();

// A page's statements: grouped (by relation, or by partner) in collapsed groups with their counts, and filtered by
// source, relation, partner and period in place. Everything is read from the items' data attributes.
(function () {
  "use strict";
  const form = document.querySelector("form.filters");
  const holder = document.querySelector(".statements .groups");
  if (!form || !holder) return;
  form.hidden = false;
  const items = Array.from(holder.querySelectorAll("li[id]"));
  items.forEach((item) => { item.dataset.relation = item.closest("details").dataset.relation; });
  const byRelation = Array.from(holder.children);
  let byPartner = null;

  function partnerGroups() {
    if (byPartner) return byPartner;
    const groups = new Map();
    items.forEach((item) => {
      const partner = (item.dataset.partners || "").split("|")[0] || "(none)";
      if (!groups.has(partner)) groups.set(partner, []);
      groups.get(partner).push(item);
    });
    byPartner = Array.from(groups.keys()).sort((a, b) => a.localeCompare(b)).map((partner) => {
      const details = document.createElement("details");
      details.className = "group";
      details.dataset.relation = partner;
      const summary = document.createElement("summary");
      summary.textContent = partner + " ";
      const count = document.createElement("span");
      count.className = "count";
      summary.append(count);
      const list = document.createElement("ul");
      list.className = "statement-list";
      details.append(summary, list);
      details.dataset.members = JSON.stringify(groups.get(partner).map((item) => item.id));
      return details;
    });
    return byPartner;
  }

  function regroup(mode) {
    const groups = mode === "partner" ? partnerGroups() : byRelation;
    groups.forEach((details) => {
      const list = details.querySelector("ul");
      const members = details.dataset.members ? JSON.parse(details.dataset.members)
        : items.filter((item) => item.dataset.relation === details.dataset.relation).map((item) => item.id);
      members.forEach((id) => list.append(document.getElementById(id)));
    });
    holder.replaceChildren(...groups);
  }

  function matches(item, wanted) {
    if (wanted.source && item.dataset.source !== wanted.source) return false;
    if (wanted.relation && item.dataset.relation !== wanted.relation) return false;
    if (wanted.partner && !(item.dataset.partners || "").split("|").includes(wanted.partner)) return false;
    const [first, last] = (item.dataset.years || "").split(" ");
    if (wanted.from && (last || first) && Number(last || first) < wanted.from) return false;
    if (wanted.to && first && Number(first) > wanted.to) return false;
    return true;
  }

  function apply() {
    const data = new FormData(form);
    const wanted = { source: data.get("source"), relation: data.get("relation"), partner: data.get("partner"),
                     from: Number(data.get("from")) || 0, to: Number(data.get("to")) || 0 };
    const filtered = Boolean(wanted.source || wanted.relation || wanted.partner || wanted.from || wanted.to);
    let shown = 0;
    items.forEach((item) => { item.hidden = !matches(item, wanted); if (!item.hidden) shown += 1; });
    holder.querySelectorAll("details.group").forEach((details) => {
      const visible = details.querySelectorAll("li[id]:not([hidden])").length;
      details.querySelector(".count").textContent = String(visible);
      details.hidden = visible === 0;
      if (filtered) details.open = shown <= 40;  // a short answer is shown whole
    });
    form.elements.shown.value = shown === items.length ? `${shown} statements`
      : `${shown} of ${items.length} statements`;
  }

  form.addEventListener("change", (event) => {
    if (event.target.name === "group") regroup(event.target.value);
    apply();
  });
  form.addEventListener("input", apply);
  form.addEventListener("submit", (event) => event.preventDefault());

  // A link to one statement (#its-id) opens its group.
  function reveal() {
    const target = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.closest("details.group")) {
      target.hidden = false;
      target.closest("details.group").open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);
  apply();
  reveal();
})();

// A network frame is made only when it is opened: the page itself stays small.
document.querySelectorAll("details.lazy-frame").forEach((details) => {
  details.addEventListener("toggle", () => {
    if (!details.open || details.querySelector("iframe")) return;
    const frame = document.createElement("iframe");
    frame.className = "network";
    frame.title = details.dataset.title || "Network";
    frame.src = details.dataset.src;
    details.append(frame);
  });
});
