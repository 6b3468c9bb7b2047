// Network view: an entity's neighbourhood in Cytoscape; click a node to expand it.
import { api, badge, debounce, entityHref, eventHash, eventTypeName, failure, h, loadScript, notice, qs, status, typeLabel } from "./core.js";

const TYPES = ["person", "organization", "place", "group", "event"];
const COLORS = { person: "#2f6fb0", organization: "#7b4bb3", place: "#23865a", group: "#b86e12", event: "#c8414f" };
const SHAPES = { person: "ellipse", organization: "round-rectangle", place: "hexagon", group: "triangle", event: "diamond" };
const MAX_NODES = 800;

/** Normalise either response format of /neighbors into {nodes, edges, truncated}. */
export function toGraph(data) {
  if (data && data.elements) {
    return {
      nodes: (data.elements.nodes || []).map((n) => n.data),
      edges: (data.elements.edges || []).map((e) => e.data),
      truncated: Boolean(data.truncated),
    };
  }
  return { nodes: data.nodes || [], edges: data.edges || [], truncated: Boolean(data.truncated) };
}

function nodeType(n) {
  if (n.type === "org") return "organization";
  if (TYPES.includes(n.type)) return n.type;
  return String(n.id).startsWith("event/") ? "event" : "person";
}

function short(text, n = 38) {
  const s = String(text || "");
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function styles() {
  const out = [
    { selector: "node", style: {
      label: "data(short)", "font-size": "mapData(deg, 1, 20, 9, 16)", "min-zoomed-font-size": 10, color: "#1d2430",
      "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 110,
      "text-outline-color": "#fff", "text-outline-width": 2,
      width: "mapData(deg, 1, 25, 16, 44)", height: "mapData(deg, 1, 25, 16, 44)",
      "border-width": 1, "border-color": "#fff" } },
    { selector: "edge", style: {
      width: 1.2, "line-color": "#b8c0cc", "curve-style": "bezier", "target-arrow-shape": "triangle",
      "target-arrow-color": "#b8c0cc", "arrow-scale": 0.7, opacity: 0.8 } },
    { selector: "edge.hover, edge:selected", style: {
      label: "data(label)", "font-size": 9, color: "#444", "text-background-color": "#fff",
      "text-background-opacity": 0.85, "line-color": "#667", "target-arrow-color": "#667", width: 2 } },
    { selector: "node.root", style: { "border-width": 4, "border-color": "#111" } },
    { selector: "node.expanded", style: { "border-width": 3, "border-color": "#555", "border-style": "double" } },
    { selector: "node:selected", style: { "border-width": 4, "border-color": "#f2b705" } },
    { selector: "node.hover", style: { "border-width": 3, "border-color": "#f2b705", "z-index": 10 } },
    { selector: "node.path", style: { "border-width": 4, "border-color": "#f28c05" } },
    { selector: "edge.path", style: { width: 4, "line-color": "#f28c05", "target-arrow-color": "#f28c05", label: "data(label)", "font-size": 9 } },
    { selector: ".filtered", style: { display: "none" } },
    { selector: "node.faded", style: { opacity: 0.25 } },
  ];
  for (const t of TYPES) {
    out.push({ selector: `node[type = "${t}"]`, style: { "background-color": COLORS[t], shape: SHAPES[t] } });
  }
  out.push({ selector: 'node[type = "event"]', style: { width: 14, height: 14, "font-size": 8, "min-zoomed-font-size": 12, color: "#7a2630" } });
  out.push({ selector: "node.root", style: { "font-size": 16, "font-weight": "bold", "min-zoomed-font-size": 1,
    "text-max-width": 220, "z-index": 20, "text-background-color": "#fff", "text-background-opacity": 0.85,
    "text-background-padding": 2 } });
  return out;
}

function layoutOptions(name, n, fresh) {
  if (name === "concentric") {
    return { name: "concentric", animate: false, minNodeSpacing: 18, avoidOverlap: true,
      concentric: (node) => 10 - (node.data("dist") ?? 5), levelWidth: () => 1 };
  }
  if (name === "breadthfirst") {
    return { name: "breadthfirst", animate: false, spacingFactor: 1.1, avoidOverlap: true, circle: n > 60,
      roots: "node.root" };
  }
  if (window.cytoscapeFcose) {
    return { name: "fcose", animate: false, randomize: fresh, quality: n > 400 ? "draft" : "default",
      nodeDimensionsIncludeLabels: n < 150, idealEdgeLength: () => (n > 150 ? 50 : 70),
      nodeRepulsion: () => (n > 150 ? 6000 : 9000), nodeSeparation: 60, gravity: 0.3,
      packComponents: true, tile: true, padding: 20 };
  }
  return { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true,
    idealEdgeLength: () => (n > 150 ? 55 : 75), nodeRepulsion: () => (n > 150 ? 9000 : 14000),
    numIter: n > 300 ? 600 : 1200, padding: 20 };
}

/** The network view for entity `id`; returns a cleanup function. */
export async function renderNetwork(main, id, params, ctx) {
  const depth = Math.min(3, Math.max(1, parseInt(params.get("depth") || "1", 10) || 1));
  const enabled = new Set((params.get("types") || TYPES.join(",")).split(",").filter((t) => TYPES.includes(t)));
  const layoutName = params.get("layout") || "cose";
  let cy = null;
  const setParam = (k, v) => {
    const p = new URLSearchParams(params);
    p.set(k, v);
    location.hash = `#/network/${id}?${p}`;
  };

  const title = h("h1", {}, "Network");
  const controls = h("form", { class: "controls", "aria-label": "Network filters", onsubmit: (e) => e.preventDefault() },
    h("label", {}, "Depth ", h("select", { id: "net-depth", onchange: (e) => setParam("depth", e.target.value) },
      [1, 2, 3].map((d) => h("option", { value: d, selected: d === depth }, String(d))))),
    h("fieldset", { class: "types" }, h("legend", {}, "Show"),
      TYPES.map((t) => h("label", { class: "chip" },
        h("input", { type: "checkbox", name: "type", value: t, id: `net-type-${t}`, checked: enabled.has(t),
          onchange: () => {
            const on = [...controls.querySelectorAll("input[name=type]:checked")].map((i) => i.value);
            setParam("types", on.join(","));
          } }), h("span", { class: `dot t-${t}` }), typeLabel(t)))),
    h("label", {}, "Layout ", h("select", { id: "net-layout", onchange: (e) => setParam("layout", e.target.value) },
      [["cose", "force"], ["concentric", "rings"], ["breadthfirst", "tree"]].map(([v, l]) => h("option", { value: v, selected: v === layoutName }, l)))),
    h("button", { type: "button", id: "net-fit", onclick: () => cy && fitView() }, "Fit"),
    h("button", { type: "button", id: "net-png", onclick: () => {
      if (!cy) return;
      const a = h("a", { href: cy.png({ full: true, scale: 2, bg: "#ffffff" }), download: `${id.replace("/", "-")}-network.png` });
      document.body.append(a);
      a.click();
      a.remove();
    } }, "PNG"));
  const box = h("div", { id: "cy", class: "cy", role: "img", "aria-label": "Network diagram; use the node list to navigate by keyboard" });
  const tip = h("div", { class: "tip", hidden: true });
  const info = h("div", { class: "node-info", "aria-live": "polite" }, h("p", { class: "muted" }, "Click a node to expand it; hover for details."));
  const nodeList = h("ul", { class: "node-list", "aria-label": "Nodes" });
  const counts = h("p", { class: "muted small", id: "net-counts" });
  const pathInput = h("input", { type: "search", id: "path-to", placeholder: "name of another entity", autocomplete: "off", list: "path-options" });
  const pathOptions = h("datalist", { id: "path-options" });
  const pathMsg = h("p", { class: "muted small", id: "path-msg", "aria-live": "polite" });
  const pathForm = h("form", { class: "path-form", "aria-label": "Find a path" },
    h("label", { for: "path-to", class: "small-h" }, "Path to"), h("div", { class: "row" }, pathInput, h("button", { type: "submit" }, "Find")),
    pathOptions, pathMsg);
  const side = h("aside", { class: "side" }, info, pathForm, h("h2", { class: "small-h" }, "Nodes"), counts, nodeList);
  main.append(title, controls, h("div", { class: "net-wrap" }, h("div", { class: "cy-wrap" }, box, tip), side));

  await loadScript("/static/vendor/cytoscape/cytoscape.min.js");
  try {
    for (const lib of ["layout-base", "cose-base", "cytoscape-fcose"]) await loadScript(`/static/vendor/cytoscape/${lib}.js`);
  } catch (err) {
    console.warn("fcose layout unavailable, using cose", err);
  }
  let data;
  try {
    data = toGraph(await api(`/entities/${id}/neighbors${qs({ depth, limit: 300, types: [...enabled].join(","), format: "cytoscape" })}`));
  } catch (err) {
    box.replaceWith(failure(err, "The network"));
    return null;
  }
  if (!ctx.alive()) return null;
  const root = data.nodes.find((n) => n.id === id);
  ctx.setCurrent(id, root ? root.label : id);
  title.textContent = `Network of ${root ? root.label : id}`;
  document.title = `${title.textContent} — newskg`;

  cy = window.cytoscape({
    container: box, style: styles(), minZoom: 0.1, maxZoom: 4,
    hideEdgesOnViewport: data.nodes.length > 250, textureOnViewport: data.nodes.length > 250,
  });

  const addGraph = (g, from) => {
    const pos = from ? from.position() : { x: 0, y: 0 };
    const baseDist = from ? (from.data("dist") ?? 0) + 1 : 1;
    const added = [];
    for (const n of g.nodes) {
      if (cy.nodes().length >= MAX_NODES) break;
      if (cy.getElementById(n.id).nonempty()) continue;
      const type = nodeType(n);
      const evType = n.event_type ? eventTypeName(n.event_type) : "";
      const label = type === "event" && evType ? `${evType}: ${n.label || ""}` : (n.label || n.id);
      added.push(cy.add({ group: "nodes", data: { ...n, type, label, short: short(type === "event" && evType ? evType : label), dist: n.id === id ? 0 : baseDist },
        position: { x: pos.x + (Math.random() - 0.5) * 80, y: pos.y + (Math.random() - 0.5) * 80 } }));
    }
    for (const e of g.edges) {
      const eid = e.id || `${e.source}|${e.label || ""}|${e.target}`;
      if (cy.getElementById(eid).nonempty()) continue;
      if (cy.getElementById(e.source).empty() || cy.getElementById(e.target).empty()) continue;
      cy.add({ group: "edges", data: { ...e, id: eid } });
    }
    cy.nodes().forEach((n) => n.data("deg", n.degree(false)));
    applyFilter();
    return added.length;
  };

  const applyFilter = () => {
    cy.batch(() => {
      cy.nodes().forEach((n) => n.toggleClass("filtered", !enabled.has(n.data("type")) && n.id() !== id));
    });
    refreshList();
  };

  const fitView = () => {
    cy.fit(cy.elements().not(".filtered"), 30);
    if (cy.zoom() > 1.4) cy.zoom({ level: 1.4, renderedPosition: { x: box.clientWidth / 2, y: box.clientHeight / 2 } });
  };

  const runLayout = (fresh = false) => {
    const visible = cy.elements().not(".filtered");
    visible.layout(layoutOptions(layoutName, visible.nodes().length, fresh)).run();
  };

  const refreshList = () => {
    const nodes = cy.nodes().not(".filtered").sort((a, b) => (b.id() === id) - (a.id() === id) ||
      TYPES.indexOf(a.data("type")) - TYPES.indexOf(b.data("type")) || String(a.data("label")).localeCompare(String(b.data("label"))));
    counts.textContent = `${nodes.length} nodes, ${cy.edges().not(".filtered").length} links${data.truncated ? " (truncated by the server)" : ""}`;
    nodeList.replaceChildren(...nodes.map((n) => h("li", {},
      h("button", { type: "button", class: `node-btn${n.hasClass("path") ? " on-path" : ""}`, dataset: { id: n.id() },
        "aria-label": `${n.data("label")} (${typeLabel(n.data("type"))}); expand`,
        onclick: () => { select(n); expand(n); },
        onfocus: () => n.addClass("hover"), onblur: () => n.removeClass("hover") },
      h("span", { class: `dot t-${n.data("type")}` }), n.data("short"), n.hasClass("expanded") ? " ✓" : ""))));
  };

  const describe = (n) => {
    const d = n.data();
    const link = d.id.startsWith("event/") ? `#/event/${eventHash(d.id)}` : entityHref(d.id);
    info.replaceChildren(
      h("h2", { class: "small-h" }, d.label || d.id, " ", badge(d.type)),
      d.lat !== undefined && d.lat !== null ? h("p", { class: "muted small" }, `${(+d.lat).toFixed(2)}, ${(+d.lon).toFixed(2)}`) : "",
      h("p", { class: "muted small" }, `${n.degree(false)} link${n.degree(false) === 1 ? "" : "s"} shown`),
      h("p", {}, h("a", { href: link }, d.type === "event" ? "Open event" : "Open entity page"),
        d.type !== "event" ? [" · ", h("a", { href: `#/network/${d.id}` }, "Centre here")] : ""));
  };

  const select = (n) => {
    cy.$(":selected").unselect();
    n.select();
    describe(n);
  };

  const expand = async (n) => {
    if (n.hasClass("expanded")) { status(`${n.data("label")} is already expanded`); return; }
    n.addClass("expanded");
    const nid = n.id();
    try {
      let g;
      if (nid.startsWith("event/")) {
        const ev = await api(`/events/${encodeURIComponent(eventHash(nid))}`);
        g = { nodes: [...(ev.actors || []).map((a) => ({ id: a.id, label: a.label, type: a.id.split("/")[0] })),
          ...(ev.places || []).map((p) => ({ id: p.id, label: p.label, type: "place", lat: p.lat, lon: p.lon }))],
        edges: [...(ev.actors || []).map((a) => ({ source: nid, target: a.id, label: a.role || "actor" })),
          ...(ev.places || []).map((p) => ({ source: nid, target: p.id, label: "place" }))] };
      } else {
        g = toGraph(await api(`/entities/${nid}/neighbors${qs({ depth: 1, limit: 150, types: [...enabled].join(","), format: "cytoscape" })}`));
      }
      const added = addGraph(g, n);
      status(`Expanded ${n.data("label")}: ${added} new node${added === 1 ? "" : "s"}`);
      if (added) { runLayout(); fitView(); }
      refreshList();
    } catch (err) {
      n.removeClass("expanded");
      info.append(failure(err, `Expanding ${n.data("label")}`));
    }
  };

  addGraph(data, null);
  const rootNode = cy.getElementById(id);
  if (rootNode.nonempty()) {
    rootNode.addClass("root expanded");
    rootNode.data("dist", 0);
    rootNode.position({ x: 0, y: 0 });
  }
  // Distances from the root for the rings layout.
  cy.elements().bfs({ roots: rootNode, visit: (v, e, u, i, dist) => { v.data("dist", dist); } });
  runLayout(true);
  fitView();
  refreshList();
  if (cy.nodes().length <= 1) info.replaceChildren(notice("No neighbours found for this entity with the current filters."));
  status(`Network: ${cy.nodes().length} nodes`);

  // Paths: suggest names as the user types, then add and highlight the shortest paths.
  let pathTargets = new Map();
  pathInput.addEventListener("input", debounce(async () => {
    const q = pathInput.value.trim();
    if (!q) return;
    try {
      const found = (await api(`/entities${qs({ q, limit: 8 })}`)).items || [];
      pathTargets = new Map(found.map((it) => [`${it.label} (${typeLabel(it.type)})`, it.id]));
      pathOptions.replaceChildren(...[...pathTargets.keys()].map((k) => h("option", { value: k })));
    } catch (_) { /* suggestions are optional */ }
  }, 150));
  pathForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const q = pathInput.value.trim();
    if (!q) return;
    let target = pathTargets.get(q);
    try {
      if (!target) {
        const found = (await api(`/entities${qs({ q, limit: 1 })}`)).items || [];
        if (!found.length) { pathMsg.textContent = `Nothing is called “${q}”.`; return; }
        target = found[0].id;
      }
      const res = await api(`/paths${qs({ from: id, to: target, max_len: 4 })}`);
      cy.elements().removeClass("path");
      if (!(res.paths || []).length) { pathMsg.textContent = `No path of 4 steps or fewer to ${q}.`; return; }
      addGraph({ nodes: res.nodes || [], edges: res.edges || [] }, cy.getElementById(id));
      for (const path of res.paths) {
        path.forEach((nid, k) => {
          cy.getElementById(nid).addClass("path").removeClass("filtered");
          if (k) cy.edges().filter((ed) => (ed.source().id() === nid && ed.target().id() === path[k - 1])
            || (ed.target().id() === nid && ed.source().id() === path[k - 1])).addClass("path");
        });
      }
      runLayout();
      fitView();
      refreshList();
      const steps = res.paths[0].length - 1;
      pathMsg.textContent = `${res.paths.length} shortest path${res.paths.length > 1 ? "s" : ""} of ${steps} step${steps > 1 ? "s" : ""}, highlighted.`;
    } catch (err) {
      pathMsg.replaceChildren(failure(err, "Path search"));
    }
  });

  cy.on("tap", "node", (evt) => { select(evt.target); expand(evt.target); });
  cy.on("mouseover", "node", (evt) => {
    const n = evt.target;
    n.addClass("hover");
    n.connectedEdges().addClass("hover");
    const p = evt.renderedPosition || n.renderedPosition();
    tip.replaceChildren(h("strong", {}, n.data("label") || n.id()), h("br"), typeLabel(n.data("type")),
      ` · ${n.degree(false)} links`, n.hasClass("expanded") ? "" : " · click to expand");
    tip.style.left = `${Math.min(p.x + 12, box.clientWidth - 200)}px`;
    tip.style.top = `${p.y + 12}px`;
    tip.hidden = false;
  });
  cy.on("mouseout", "node", (evt) => {
    evt.target.removeClass("hover");
    evt.target.connectedEdges().removeClass("hover");
    tip.hidden = true;
  });
  cy.on("mouseover", "edge", (evt) => evt.target.addClass("hover"));
  cy.on("mouseout", "edge", (evt) => evt.target.removeClass("hover"));
  box.dataset.ready = "1";
  return () => cy.destroy();
}
