// YASGUI, set up for this endpoint: our prefixes, our classes and properties for autocompletion (no calls to
// prefix.cc or LOV: the app works offline), and the named queries as examples.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("editor-config").textContent);
  const examples = JSON.parse(document.getElementById("examples-data").textContent);
  const Yasqe = Yasgui.Yasqe;
  const endpoint = new URL(config.endpoint, window.location.href).href;

  const vocabulary = fetch("/api/vocabulary").then((response) => response.json());

  // Bulk completers: the whole list is fetched once, then matched locally.
  Yasqe.forkAutocompleter("prefixes", {
    name: "dg-prefixes",
    get: () => vocabulary.then((v) => Object.entries(v.prefixes).map(([p, iri]) => p + ": <" + iri + ">").sort()),
    persistenceId: null,
  });
  Yasqe.forkAutocompleter("property", {
    name: "dg-properties", bulk: true, persistenceId: null,
    get: () => vocabulary.then((v) => v.properties.map((t) => t.term)),
  });
  Yasqe.forkAutocompleter("class", {
    name: "dg-classes", bulk: true, persistenceId: null,
    get: () => vocabulary.then((v) => v.classes.map((t) => t.term)),
  });
  // Entities by name: after "dgr:", what follows is searched over labels and aliases (GET /api/search), and each
  // suggestion shows its label beside the name it inserts ("dgr:camb" offers "dgr:cambodia  Cambodia").
  const entityLabels = new Map();
  Yasqe.registerAutocompleter({
    name: "dg-entities", bulk: false, autoShow: true, persistenceId: null,
    isValidCompletionPosition: (yasqe) => /^dgr:[^\s]*$/.test(yasqe.getCompleteToken().string),
    get: (yasqe, token) => {
      const text = token.string.slice(4);
      if (!text) return Promise.resolve([]);
      return fetch("/api/search?category=entity&limit=15&q=" + encodeURIComponent(text))
        .then((response) => (response.ok ? response.json() : []))
        .then((hits) => hits.filter((hit) => hit.short.startsWith("dgr:")).map((hit) => {
          entityLabels.set(hit.short, hit.label);
          return hit.short;
        }));
    },
    postprocessHints: (yasqe, hints) => hints.map((hint) => Object.assign(hint, {
      displayText: hint.text + "  " + (entityLabels.get(hint.text) || ""),
    })),
  }, false);
  const completers = ["dg-prefixes", "dg-properties", "dg-classes", "dg-entities", "variables"];

  // Numbers, dates and booleans in the answer table show as the values they are ("178", "2013-05-16"), not as
  // typed literals ("178"^^xsd:integer); a literal of any other datatype or with a language keeps its mark.
  const PLAIN = /^http:\/\/www\.w3\.org\/2001\/XMLSchema#(integer|int|long|short|decimal|double|float|nonNegativeInteger|positiveInteger|date|dateTime|gYear|gYearMonth|boolean)$/;
  const Table = Yasgui.Yasr && Yasgui.Yasr.plugins && Yasgui.Yasr.plugins.table;
  if (Table && Table.prototype.formatLiteral) {
    const formatLiteral = Table.prototype.formatLiteral;
    Table.prototype.formatLiteral = function (literal, prefixes) {
      const plain = literal.datatype && PLAIN.test(literal.datatype) ? { type: literal.type, value: literal.value } : literal;
      return formatLiteral.call(this, plain, prefixes);
    };
  }
  Yasqe.defaults.autocompleters = completers.filter((name) => Yasqe.Autocompleters[name]);

  function prefixBlock(prefixes) {
    return Object.entries(prefixes).map(([p, iri]) => "PREFIX " + p + ": <" + iri + ">").join("\n");
  }

  vocabulary.then((v) => {
    const starter = config.initial || prefixBlock({dg: v.prefixes.dg, dgr: v.prefixes.dgr, dgg: v.prefixes.dgg,
      rdfs: v.prefixes.rdfs, prov: v.prefixes.prov}) +
      "\n\nSELECT ?statement ?label WHERE {\n  GRAPH ?g { ?statement dg:subject dgr:cambodia ; rdfs:label ?label }\n}\nLIMIT 20";
    const yasgui = new Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
      yasqe: { value: starter, autocompleters: Yasqe.defaults.autocompleters },
      persistenceId: "diplograph-editor",
    });
    window.diplographYasgui = yasgui;

    // YASGUI's own controls, named for assistive technology: each tab's endpoint field, query text and tab-name
    // field gets a label (a new tab makes new ones, hence the observer), and the "+" inside the tab list, which
    // may hold only tabs, is left to the tab menu's "New Tab" (editor.html hides it).
    const root = document.getElementById("yasgui");
    const names = [["input.autocomplete", "SPARQL endpoint"], ["textarea", "SPARQL query"], ["input", "Tab name"]];
    const labelFields = () => names.forEach(([selector, name]) => root
      .querySelectorAll(selector + ":not([aria-label]):not([aria-labelledby])")
      .forEach((field) => field.setAttribute("aria-label", name)));
    labelFields();
    new MutationObserver(labelFields).observe(root, { childList: true, subtree: true });

    // What the editor says about a query before its answer: the error that stops it, or the terms of ours that
    // the ontology or the graph does not hold (the answer, empty or not, still shows).
    const notes = document.getElementById("query-notes");
    function showNotes(report) {
      notes.replaceChildren();
      const lines = report.error ? [report.error] : report.warnings;
      lines.forEach((text) => {
        const line = document.createElement("p");
        line.className = report.error ? "error" : "warning";
        line.textContent = text;
        notes.append(line);
      });
    }
    function checkQuery(query) {
      const body = new URLSearchParams({ query: query });
      return fetch("/api/check", { method: "POST", body: body })
        .then((response) => (response.ok ? response.json() : { error: null, warnings: [] }))
        .then(showNotes)
        .catch(() => showNotes({ error: null, warnings: [] }));
    }
    function watch(tab) {
      const yasqe = tab.getYasqe && tab.getYasqe();
      if (yasqe && !yasqe.diplographWatched) {
        yasqe.diplographWatched = true;
        yasqe.on("query", () => checkQuery(yasqe.getValue()));
      }
    }
    watch(yasgui.getTab());
    yasgui.on("tabSelect", () => setTimeout(() => { watch(yasgui.getTab()); notes.replaceChildren(); }, 0));
    yasgui.on("tabAdd", () => setTimeout(() => watch(yasgui.getTab()), 0));

    // A named query opens with its page's parameters bound (config.bound), so it gives the page's answer.
    function openExample(name, text) {
      const example = examples.find((e) => e.name === name);
      if (!example) return;
      const query = text || example.query;
      const tab = yasgui.addTab(true, { name: example.title.slice(0, 40), yasqe: { value: query },
                                        requestConfig: { endpoint: endpoint } });
      tab.show();
      const yasqe = tab.getYasqe && tab.getYasqe();
      if (yasqe) yasqe.setValue(query);
      watch(tab);
    }
    document.querySelectorAll("a[data-example]").forEach((link) => {
      link.addEventListener("click", (event) => { event.preventDefault(); openExample(link.dataset.example); });
    });
    if (config.preset) openExample(config.preset, config.bound);

    document.getElementById("as-network").addEventListener("click", () => {
      const query = yasgui.getTab().getYasqe().getValue();
      window.open("/views/construct?query=" + encodeURIComponent(query), "_blank");
    });
  });
})();
