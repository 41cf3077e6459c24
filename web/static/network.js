// The network picture on entity pages: who is quoted about whom around this node, drawn with
// Cytoscape.js (from npm, served by the app). Without it the table beside it says the same.
"use strict";

(function () {
  const box = document.getElementById("network");
  if (!box || !window.cytoscape) return;
  const graph = JSON.parse(box.dataset.graph);
  const colours = { Person: "#e0a800", Organization: "#0b5cad", Place: "#2e8b57", Event: "#a0449a" };
  box.hidden = false;
  const picture = window.cytoscape({
    container: box,
    elements: [
      ...graph.nodes.map((n) => ({ data: n, classes: n.id === box.dataset.focus ? "focus" : "" })),
      ...graph.edges.map((e) => ({ data: e })),
    ],
    layout: { name: "cose", animate: false, padding: 20 },
    maxZoom: 1.6,
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 11, width: 14, height: 14,
        "background-color": (n) => colours[n.data("kind")] || "#66707a" } },
      { selector: "node.focus", style: { width: 24, height: 24, "font-weight": "bold" } },
      { selector: "edge", style: { width: "mapData(statements, 1, 10, 1, 6)", "curve-style": "bezier",
        "target-arrow-shape": "triangle", "line-color": "#9aa5b1", "target-arrow-color": "#9aa5b1" } },
    ],
  });
  picture.on("tap", "node", (event) => { location.href = event.target.data("href"); });
  box.dataset.drawn = String(picture.nodes().length);
})();
