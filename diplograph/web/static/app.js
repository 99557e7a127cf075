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
