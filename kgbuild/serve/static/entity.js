// The neighbourhood graph of an entity page: vis-network (from pyvis) over
// the JSON the server embedded in #graph-data; every label goes in as text
// (vis-network draws on a canvas), and a click on a node opens its page.
(function () {
  "use strict";
  var box = document.getElementById("kgb-network"), src = document.getElementById("graph-data");
  if (!box || !src || typeof vis === "undefined") { window.kgbReady = true; return; }
  var D = JSON.parse(src.textContent);
  var STYLE = {Person: ["#4e79a7", "ellipse"], Organization: ["#f28e2b", "box"], Delegation: ["#b07aa1", "hexagon"],
               Place: ["#59a14f", "triangle"], Event: ["#e15759", "diamond"]};
  var root = (document.querySelector("link[rel=stylesheet]").getAttribute("href") || "").replace(/\/static\/app\.css$/, "");
  var FONT = '"Noto Naskh Arabic","Noto Sans Arabic","Noto Sans","DejaVu Sans",Arial,sans-serif';
  var byId = {};
  var nodes = new vis.DataSet(D.nodes.map(function (n) {
    byId[n.id] = n;
    var st = STYLE[n.kind] || ["#999999", "dot"];
    var label = n.kind === "Event" ? n.label : (n.ar && n.en && n.ar !== n.en ? n.ar + "\n" + n.en : n.label);
    var item = {id: n.id, label: label, shape: st[1], color: {background: st[0], border: n.focus ? "#000000" : st[0]},
                borderWidth: n.focus ? 4 : 1, title: undefined,
                font: (st[1] === "ellipse" || st[1] === "box") ? {color: st[1] === "box" ? "#1d1d1d" : "#ffffff", face: FONT}
                      : {face: FONT, strokeWidth: 3, strokeColor: "#ffffff"}};
    if (n.kind === "Event" && (n.status === "Planned" || n.status === "Possible")) item.shapeProperties = {borderDashes: [4, 3]};
    return item;
  }));
  var edges = new vis.DataSet(D.edges.map(function (e, i) {
    return {id: "e" + i, from: e.from, to: e.to, label: e.label, arrows: "to",
            color: {color: e.kind === "membership" ? "#4e79a7" : e.kind === "place" ? "#59a14f" : "#a0a0a0"},
            dashes: e.kind === "place", font: {size: 11, face: FONT, strokeWidth: 3, strokeColor: "#ffffff", color: "#666666"}};
  }));
  var network = new vis.Network(box, {nodes: nodes, edges: edges}, {
    layout: {randomSeed: 7, improvedLayout: D.nodes.length < 150},
    physics: {solver: "forceAtlas2Based", forceAtlas2Based: {gravitationalConstant: -120, springLength: 120, avoidOverlap: 0.5},
              stabilization: {enabled: true, iterations: 400, fit: true}},
    interaction: {hover: true, tooltipDelay: 3600000}, nodes: {margin: 6}, edges: {smooth: {type: "continuous"}}});
  function ready() {
    if (window.kgbReady) return;
    network.setOptions({physics: {enabled: false}});
    network.fit();
    window.kgbReady = true;
    document.body.setAttribute("data-ready", "1");
  }
  network.once("stabilizationIterationsDone", ready);
  network.once("stabilized", ready);
  setTimeout(ready, 6000);
  function pageOf(id) {
    var n = byId[id];
    if (!n) return null;
    if (n.path) return root + "/id/" + n.path.split("/").map(encodeURIComponent).join("/");
    return root + "/resource?iri=" + encodeURIComponent(n.id);
  }
  network.on("click", function (p) {
    if (p.nodes.length) { var u = pageOf(p.nodes[0]); if (u) window.location.assign(u); }
  });
  network.on("hoverNode", function () { box.style.cursor = "pointer"; });
  network.on("blurNode", function () { box.style.cursor = "default"; });
  window.kgbGraph = {network: network, data: D, pageOf: pageOf, nodes: nodes, edges: edges};
})();
