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
  const completers = ["dg-prefixes", "dg-properties", "dg-classes", "variables"];
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

    function openExample(name) {
      const example = examples.find((e) => e.name === name);
      if (!example) return;
      const tab = yasgui.addTab(true, { name: example.title.slice(0, 40), yasqe: { value: example.query },
                                        requestConfig: { endpoint: endpoint } });
      tab.show();
      const yasqe = tab.getYasqe && tab.getYasqe();
      if (yasqe) yasqe.setValue(example.query);
    }
    document.querySelectorAll("a[data-example]").forEach((link) => {
      link.addEventListener("click", (event) => { event.preventDefault(); openExample(link.dataset.example); });
    });
    if (config.preset) openExample(config.preset);

    document.getElementById("as-network").addEventListener("click", () => {
      const query = yasgui.getTab().getYasqe().getValue();
      window.open("/views/construct?query=" + encodeURIComponent(query), "_blank");
    });
  });
})();
