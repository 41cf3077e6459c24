// The query workbench: YASGUI (from npm, served by the app) over this app's SPARQL endpoint.
// Without this script the page is a plain form that runs the query on the server; with it the
// form gives way to YASGUI, whose completions, links and views know the news graph.
"use strict";

(function () {
  const root = document.getElementById("workbench");
  if (!root || !window.Yasgui) return;
  const plain = document.getElementById("plain-query");
  const endpoint = new URL(root.dataset.endpoint, location.href).href;
  const base = root.dataset.base;
  const prefixes = JSON.parse(root.dataset.prefixes);
  const Yasqe = Yasgui.Yasqe;
  const Yasr = Yasgui.Yasr;

  // ---------------------------------------------------------------- completions
  // Classes and properties from the ontology and the store, entities from the search index;
  // nothing is asked of outside services (YASQE's defaults ask LOV and prefix.cc).

  async function select(query) {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
      body: query,
    });
    if (!response.ok) return [];
    return (await response.json()).results.bindings;
  }

  const terms = {};
  function termsOf(kind) {
    if (!terms[kind]) terms[kind] = fetchTerms(kind);
    return terms[kind];
  }
  function fetchTerms(kind) {
    const used = kind === "class"
      ? "SELECT DISTINCT ?term WHERE { [] a ?term } LIMIT 1000"
      : "SELECT DISTINCT ?term WHERE { [] ?term [] } LIMIT 1000";
    const declared = kind === "class"
      ? "SELECT DISTINCT ?term WHERE { GRAPH ?g { ?term a <http://www.w3.org/2002/07/owl#Class> } }"
      : "SELECT DISTINCT ?term WHERE { GRAPH ?g { VALUES ?k { <http://www.w3.org/2002/07/owl#ObjectProperty> <http://www.w3.org/2002/07/owl#DatatypeProperty> } ?term a ?k } }";
    return Promise.all([select(declared), select(used)]).then((parts) => {
      const iris = new Set();
      for (const rows of parts) for (const row of rows) if (row.term.type === "uri") iris.add(row.term.value);
      return [...iris].sort();
    });
  }

  for (const kind of ["class", "property"]) {
    const original = Yasqe.Autocompleters[kind];
    Yasqe.registerAutocompleter({
      ...original,
      name: "news-" + kind,
      bulk: true,
      autoShow: true,
      persistenceId: null,
      // Bulk: fetched once; asked before that arrives, the token's completions come from the
      // same request.
      get: (yasqe, token) => termsOf(kind).then((all) => {
        const typed = token && (token.autocompletionString || token.string);
        return typed ? all.filter((iri) => iri.startsWith(typed)) : all;
      }),
    });
  }
  Yasqe.registerAutocompleter({
    ...Yasqe.Autocompleters.prefixes,
    name: "news-prefixes",
    persistenceId: null,
    get: () => Object.entries(prefixes).map(([p, iri]) => `${p}: <${iri}>`),
  });
  // Entities by name: type a quote and three letters ("Pes…) to get their labels as
  // literals, or an angle bracket and three letters (<Pes…) to get their IRIs.
  Yasqe.registerAutocompleter({
    name: "news-entities",
    bulk: false,
    autoShow: true,
    persistenceId: null,
    isValidCompletionPosition: (yasqe) => {
      const token = yasqe.getCompleteToken();
      return /^["<][^"<>]{2,}$/.test(token.string);
    },
    get: async (yasqe, token) => {
      const typed = token.string;
      const words = typed.slice(1);
      const response = await fetch(`${root.dataset.search}?kind=Person,Organization,Place&q=${encodeURIComponent(words)}`);
      if (!response.ok) return [];
      const found = (await response.json()).results;
      return found.map((e) => (typed[0] === "<" ? `<${e.node}>` : JSON.stringify(e.label)));
    },
  });
  Yasqe.defaults.autocompleters = ["variables", "news-prefixes", "news-class", "news-property", "news-entities"];

  // ---------------------------------------------------------------- views beyond the table

  const NUMERIC = /#(integer|decimal|double|float|long|int|short|nonNegativeInteger)$/;
  const DATED = /#(date|dateTime)$/;

  function bindings(yasr) {
    return yasr.results && yasr.results.getBindings ? yasr.results.getBindings() || [] : [];
  }
  function variables(yasr) {
    return yasr.results && yasr.results.getVariables ? yasr.results.getVariables() || [] : [];
  }
  function columnWhere(yasr, test) {
    const rows = bindings(yasr);
    return variables(yasr).find((v) => rows.length && rows.every((r) => !r[v] || test(r[v])) && rows.some((r) => r[v]));
  }
  const isNumber = (t) => t.type === "literal" && NUMERIC.test(t.datatype || "");
  const isDate = (t) => t.type === "literal" && DATED.test(t.datatype || "");
  const isIri = (t) => t.type === "uri";
  function shown(term) {
    return term ? (labels.get(term.value) || term.value) : "";
  }
  function element(tag, attributes, text) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attributes || {})) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    return el;
  }
  function icon(symbol) {
    return element("span", { class: "view-icon" }, symbol);
  }

  // Counts per row as bars: "most-quoted people", "articles by author".
  class ChartView {
    constructor(yasr) { this.yasr = yasr; this.priority = 5; this.label = "Chart"; }
    canHandleResults() {
      return Boolean(columnWhere(this.yasr, isNumber)) && variables(this.yasr).length >= 2;
    }
    getIcon() { return icon("▥"); }
    draw() {
      const value = columnWhere(this.yasr, isNumber);
      const names = variables(this.yasr).filter((v) => v !== value);
      const rows = bindings(this.yasr).slice(0, 200);
      const most = Math.max(1, ...rows.map((r) => Number(r[value] ? r[value].value : 0)));
      const chart = element("div", { class: "chart" });
      for (const row of rows) {
        const n = Number(row[value] ? row[value].value : 0);
        const line = element("div", { class: "bar-row" });
        line.append(element("span", { class: "bar-label" }, names.map((v) => shown(row[v])).filter(Boolean).join(" · ")));
        const bar = element("span", { class: "bar", style: `width:${(100 * n) / most}%` });
        line.append(bar, element("span", { class: "bar-value" }, String(n)));
        chart.append(line);
      }
      this.yasr.resultsEl.append(chart);
    }
  }

  // Dated rows in time order: "statements by a person", "events in a place".
  class TimelineView {
    constructor(yasr) { this.yasr = yasr; this.priority = 4; this.label = "Timeline"; }
    canHandleResults() { return Boolean(columnWhere(this.yasr, isDate)); }
    getIcon() { return icon("⋮"); }
    draw() {
      const when = columnWhere(this.yasr, isDate);
      const others = variables(this.yasr).filter((v) => v !== when);
      const rows = bindings(this.yasr).filter((r) => r[when]).sort((a, b) => a[when].value.localeCompare(b[when].value));
      const list = element("ol", { class: "timeline" });
      for (const row of rows) {
        const item = element("li");
        item.append(element("time", { datetime: row[when].value }, row[when].value.slice(0, 10)), " ");
        item.append(others.map((v) => shown(row[v])).filter(Boolean).join(" — "));
        list.append(item);
      }
      this.yasr.resultsEl.append(list);
    }
  }

  // Pairs of nodes as a network: "who talks about whom".
  class GraphView {
    constructor(yasr) { this.yasr = yasr; this.priority = 3; this.label = "Graph"; }
    iriColumns() {
      const rows = bindings(this.yasr);
      return variables(this.yasr).filter((v) => rows.length && rows.every((r) => !r[v] || isIri(r[v])) && rows.some((r) => r[v]));
    }
    canHandleResults() { return Boolean(window.cytoscape) && this.iriColumns().length >= 2; }
    getIcon() { return icon("☍"); }
    draw() {
      const [from, to] = this.iriColumns();
      const weight = columnWhere(this.yasr, isNumber);
      const nodes = new Map();
      const edges = [];
      for (const row of bindings(this.yasr).slice(0, 500)) {
        if (!row[from] || !row[to]) continue;
        for (const term of [row[from], row[to]]) nodes.set(term.value, { data: { id: term.value, label: shown(term) } });
        edges.push({ data: { source: row[from].value, target: row[to].value, weight: weight && row[weight] ? Number(row[weight].value) : 1 } });
      }
      const box = element("div", { class: "network", "data-nodes": String(nodes.size), "data-edges": String(edges.length) });
      this.yasr.resultsEl.append(box);
      const graph = window.cytoscape({
        container: box,
        elements: [...nodes.values(), ...edges],
        layout: { name: "cose", animate: false },
        maxZoom: 1.5,
        style: [
          { selector: "node", style: { label: "data(label)", "font-size": 11, "background-color": "#0b5cad", width: 14, height: 14 } },
          { selector: "edge", style: { width: "mapData(weight, 1, 10, 1, 6)", "curve-style": "bezier", "target-arrow-shape": "triangle", "line-color": "#9aa5b1", "target-arrow-color": "#9aa5b1" } },
        ],
      });
      graph.on("tap", "node", (event) => { location.href = local(event.target.id()); });
    }
  }

  Yasr.registerPlugin("chart", ChartView);
  Yasr.registerPlugin("timeline", TimelineView);
  Yasr.registerPlugin("graph", GraphView);

  // ---------------------------------------------------------------- links with labels

  const labels = new Map();
  const local = (iri) => (iri.startsWith(base) ? "/" + iri.slice(base.length) : iri);

  async function fetchLabels(iris) {
    const missing = [...iris].filter((iri) => !labels.has(iri) && iri.startsWith(base)).slice(0, 500);
    if (!missing.length) return false;
    const values = missing.map((iri) => `<${iri.replace(/[<>"{}|^`\\\s]/g, "")}>`).join(" ");
    const rows = await select(
      `SELECT ?node (SAMPLE(?name) AS ?label) WHERE { VALUES ?node { ${values} } ` +
      `?node <http://www.w3.org/2000/01/rdf-schema#label>|<http://schema.org/headline> ?name } GROUP BY ?node`);
    for (const iri of missing) labels.set(iri, null);
    for (const row of rows) if (row.label) labels.set(row.node.value, row.label.value);
    return rows.length > 0;
  }

  // Results link to this app's own pages, shown by their labels (the IRI stays in the title).
  const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const TablePlugin = Yasr.plugins.table;
  const iriLink = TablePlugin.prototype.getUriLinkFromBinding;
  TablePlugin.prototype.getUriLinkFromBinding = function (binding, prefixes) {
    const iri = binding.value;
    if (!iri.startsWith(base)) return iriLink.call(this, binding, prefixes);
    const text = labels.get(iri) || iri.slice(base.length);
    return `<a class="iri" href="${escape(local(iri))}" title="${escape(iri)}">${escape(text)}</a>`;
  };

  // ---------------------------------------------------------------- the workbench

  const textarea = plain.querySelector("textarea");
  const asked = new URLSearchParams(location.search).get("query");
  root.hidden = false;
  plain.hidden = true;
  const yasgui = new Yasgui(root, {
    requestConfig: { endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint }] },
    populateFromUrl: true,
    persistenceId: "newskg-workbench",
    yasqe: { value: textarea.value },
    yasr: { prefixes, defaultPlugin: "table" },
  });

  function tab() { return yasgui.getTab(); }
  function useQuery(query, run) {
    const current = tab();
    current.setQuery(query);
    if (run) current.query();
  }
  // A ?query= link (the examples, or a link someone shared) opens in the workbench and runs.
  if (asked) useQuery(asked, true);

  // Downloads of the query's whole answer, straight from the endpoint.
  const downloads = element("p", { class: "downloads muted", id: "workbench-downloads" });
  root.after(downloads);
  const FORMATS = {
    table: [["csv", "CSV"], ["tsv", "TSV"], ["json", "JSON"], ["xml", "XML"]],
    graph: [["ttl", "Turtle"], ["jsonld", "JSON-LD"], ["nt", "N-Triples"], ["rdf", "RDF/XML"]],
  };
  function offerDownloads() {
    const yasqe = tab().getYasqe();
    const query = yasqe.getValue();
    const kind = /^(CONSTRUCT|DESCRIBE)$/i.test(yasqe.getQueryType() || "") ? "graph" : "table";
    downloads.replaceChildren("Download the answer as ");
    FORMATS[kind].forEach(([format, name], i) => {
      const link = element("a", { href: `${endpoint}?${new URLSearchParams({ query, format })}`, download: "" }, name);
      downloads.append(...(i ? [", ", link] : [link]));
    });
  }

  function watch(current) {
    const yasr = current.getYasr();
    if (!yasr || yasr.__newsWatched) return;
    yasr.__newsWatched = true;
    yasr.on("drawn", async () => {
      const iris = new Set();
      for (const row of bindings(yasr)) for (const v of Object.values(row)) if (isIri(v)) iris.add(v.value);
      offerDownloads();
      // Draw again once, when labels arrive for IRIs that had none.
      if (await fetchLabels(iris)) yasr.refresh();
      else root.dataset.drawn = String(Date.now());
    });
  }
  watch(tab());
  yasgui.on("tabSelect", () => setTimeout(() => watch(tab()), 0));
  yasgui.on("tabAdd", () => setTimeout(() => watch(tab()), 0));

  for (const link of document.querySelectorAll(".examples a[data-query]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      useQuery(link.dataset.query, true);
      history.replaceState(null, "", `?query=${encodeURIComponent(link.dataset.query)}`);
      root.scrollIntoView();
    });
  }
})();
