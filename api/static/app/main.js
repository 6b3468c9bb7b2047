// newskg explorer: hash router, search box with autocomplete, home view.
import { api, badge, debounce, entityHref, failure, h, notice, parseHash, qs, status, typeLabel } from "./core.js";
import { renderEntity, renderEvent, renderArticle } from "./entity.js";
import { renderNetwork } from "./network.js";
import { renderMap } from "./map.js";
import { renderTimeline } from "./timeline.js";
import { renderSparql } from "./sparql.js";

const ENTITY_KINDS = new Set(["person", "org", "place", "group"]);

/** The app's one state object: the entity last opened and the current view's cleanup. */
const state = { current: null, cleanup: null, seq: 0 };

function setCurrent(id, label) {
  state.current = { id, label };
  for (const a of document.querySelectorAll("nav a[data-view]")) {
    const view = a.dataset.view;
    if (view === "entity" || view === "network" || view === "timeline") {
      a.setAttribute("href", `#/${view}/${id}`);
      a.title = `${view} of ${label || id}`;
    }
  }
}

function markTab(view) {
  for (const a of document.querySelectorAll("nav a[data-view]")) {
    if (a.dataset.view === view) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

/** Entity id from route parts ["person", "sergei-shoigu"], or null. */
function entityId(parts) {
  if (parts.length >= 2 && ENTITY_KINDS.has(parts[0])) return `${parts[0]}/${parts.slice(1).join("/")}`;
  return null;
}

async function route() {
  const seq = ++state.seq;
  if (state.cleanup) {
    try { state.cleanup(); } catch (_) { /* view already gone */ }
    state.cleanup = null;
  }
  let hash = location.hash;
  // A dereferenced IRI (/id/person/x) opened in a browser shows that entity's page.
  const deref = /\/(person|org|place|group|event)\/([^/]+)\/?$/.exec(location.pathname);
  if ((!hash || hash === "#" || hash === "#/") && deref && location.pathname !== "/") {
    hash = deref[1] === "event" ? `#/event/${deref[2]}` : `#/entity/${deref[1]}/${deref[2]}`;
  }
  const { parts, params } = parseHash(hash);
  const view = parts[0] || "home";
  // Each navigation renders into its own container: a slower, superseded view that
  // finishes later writes into a detached element instead of over the current page.
  const host = document.getElementById("main");
  const main = document.createElement("div");
  main.className = "view";
  host.replaceChildren(main);
  host.className = `view-${view}`;
  markTab(view);
  status("");
  document.title = "newskg explorer";
  const ctx = {
    setCurrent,
    current: () => state.current,
    alive: () => seq === state.seq,
  };
  const id = entityId(parts.slice(1));
  try {
    let cleanup = null;
    switch (view) {
      case "home": cleanup = await renderHome(main, ctx); break;
      case "search": cleanup = await renderSearch(main, params.get("q") || ""); break;
      case "entity":
        if (id) cleanup = await renderEntity(main, id, ctx);
        else main.append(pickFirst("an entity page"));
        break;
      case "event": cleanup = await renderEvent(main, parts[1], ctx); break;
      case "article": cleanup = await renderArticle(main, parts.slice(1).join("/"), params, ctx); break;
      case "network":
        if (id) cleanup = await renderNetwork(main, id, params, ctx);
        else main.append(pickFirst("a network"));
        break;
      case "map": cleanup = await renderMap(main, params, ctx); break;
      case "timeline": cleanup = await renderTimeline(main, id, params, ctx); break;
      case "sparql": cleanup = await renderSparql(main, params, ctx); break;
      default: main.append(notice(`No such view: ${view}.`, "error"));
    }
    if (seq === state.seq) state.cleanup = cleanup || null;
    else if (cleanup) cleanup();
  } catch (err) {
    console.warn(err);
    if (seq === state.seq) main.append(failure(err, "This view"));
  }
}

function pickFirst(what) {
  return h("div", { class: "empty" },
    notice(`Search for a person, organisation or place above to see ${what}.`),
    h("p", {}, "Tip: press ", h("kbd", {}, "/"), " to jump to the search box."));
}

// ---------------------------------------------------------------- home

async function renderHome(main) {
  main.append(h("h1", {}, "Explore the news graph"),
    h("p", { class: "lede" }, "People, organisations, places and events extracted from news articles. ",
      "Search above, or start from the most connected entities below."));
  const grid = h("div", { class: "cards" });
  main.append(grid);
  const statsBox = h("section", { class: "card", "aria-labelledby": "h-stats" }, h("h2", { id: "h-stats" }, "In the graph"));
  const topBox = h("section", { class: "card", "aria-labelledby": "h-top" }, h("h2", { id: "h-top" }, "Most connected"));
  const goBox = h("section", { class: "card", "aria-labelledby": "h-go" }, h("h2", { id: "h-go" }, "Views"),
    h("ul", { class: "plain" },
      h("li", {}, h("a", { href: "#/map" }, "Map"), " of places and events"),
      h("li", {}, h("a", { href: "#/timeline" }, "Timeline"), " of all events"),
      h("li", {}, h("a", { href: "#/sparql" }, "SPARQL"), " editor with example queries")));
  grid.append(statsBox, topBox, goBox);
  const [stats, top] = await Promise.allSettled([api("/stats"), api(`/entities/top${qs({ by: "degree", limit: 12 })}`)]);
  if (stats.status === "fulfilled") {
    const s = stats.value;
    const ents = s.entities || {};
    const dl = h("dl", { class: "stats" });
    const row = (k, v) => dl.append(h("dt", {}, k), h("dd", {}, v ?? "–"));
    row("articles", s.articles);
    for (const [k, v] of Object.entries(ents)) row(k === "person" ? "people" : `${typeLabel(k)}s`, v);
    row("events", s.events);
    row("mapped places", s.places_with_coords);
    row("triples", s.triples);
    statsBox.append(dl);
  } else statsBox.append(failure(stats.reason, "Statistics"));
  if (top.status === "fulfilled") {
    const items = top.value.items || [];
    topBox.append(items.length ? h("ol", { class: "toplist" }, items.map((it) => h("li", {},
      h("a", { href: entityHref(it.id) }, it.label || it.id), " ", badge(it.type)))) : notice("The graph is empty: ingest some articles first."));
  } else topBox.append(failure(top.reason, "Top entities"));
}

// ---------------------------------------------------------------- search results page

async function renderSearch(main, q) {
  main.append(h("h1", {}, q ? `Results for “${q}”` : "Search"));
  if (!q) { main.append(notice("Type a name in the search box.")); return; }
  const data = await api(`/entities${qs({ q, limit: 50 })}`);
  const items = data.items || [];
  status(`${data.total ?? items.length} matches for ${q}`);
  if (!items.length) { main.append(notice(`Nothing matches “${q}”.`)); return; }
  main.append(h("ul", { class: "results" }, items.map((it) => h("li", {},
    h("a", { href: entityHref(it.id) }, it.label), " ", badge(it.type),
    it.alt_labels && it.alt_labels.length ? h("span", { class: "muted" }, ` also ${it.alt_labels.slice(0, 4).join(", ")}`) : "",
    h("span", { class: "muted" }, ` · ${it.mentions ?? 0} mentions in ${it.articles ?? 0} articles`)))));
}

// ---------------------------------------------------------------- autocomplete

function setupSearch() {
  const input = document.getElementById("q");
  const list = document.getElementById("suggestions");
  let items = [];
  let active = -1;
  let lastQuery = "";

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (i) => {
    active = i;
    [...list.children].forEach((li, k) => li.setAttribute("aria-selected", String(k === i)));
    if (i >= 0 && list.children[i]) {
      input.setAttribute("aria-activedescendant", list.children[i].id);
      list.children[i].scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  };
  const choose = (it) => {
    close();
    input.value = "";
    location.hash = entityHref(it.id);
  };
  const show = (found, q) => {
    items = found;
    list.replaceChildren(...found.map((it, i) => {
      const alts = (it.alt_labels || []).filter((a) => a !== it.label).slice(0, 3);
      return h("li", { id: `sugg-${i}`, role: "option", "aria-selected": "false", dataset: { id: it.id },
        onmousedown: (e) => { e.preventDefault(); choose(it); } },
      h("span", { class: "s-label" }, it.label), " ", badge(it.type),
      alts.length ? h("span", { class: "s-alt" }, alts.join(" · ")) : "");
    }));
    if (!found.length) list.append(h("li", { class: "none", role: "option", "aria-disabled": "true" }, `No match for “${q}”`));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
  };
  const lookup = debounce(async () => {
    const q = input.value.trim();
    lastQuery = q;
    if (q.length < 1) { close(); return; }
    try {
      const data = await api(`/entities${qs({ q, limit: 8 })}`);
      if (q === lastQuery && document.activeElement === input) show(data.items || [], q);
    } catch (err) {
      list.replaceChildren(h("li", { class: "none", role: "option", "aria-disabled": "true" }, `Search unavailable (${err.status || "network"})`));
      list.hidden = false;
    }
  }, 120);

  input.addEventListener("input", lookup);
  input.addEventListener("blur", () => setTimeout(close, 100));
  input.addEventListener("keydown", (e) => {
    const open = !list.hidden && items.length;
    if (e.key === "ArrowDown" && open) { e.preventDefault(); highlight((active + 1) % items.length); }
    else if (e.key === "ArrowUp" && open) { e.preventDefault(); highlight((active - 1 + items.length) % items.length); }
    else if (e.key === "Escape") { close(); }
    else if (e.key === "Enter") {
      e.preventDefault();
      if (open && active >= 0) choose(items[active]);
      else if (input.value.trim()) { close(); location.hash = `#/search${qs({ q: input.value.trim() })}`; }
    }
  });
  document.addEventListener("keydown", (e) => {
    const tag = (e.target.tagName || "").toLowerCase();
    const editing = tag === "input" || tag === "textarea" || tag === "select" || e.target.isContentEditable;
    if (e.key === "/" && !editing) { e.preventDefault(); input.focus(); }
  });
}

setupSearch();
// After a move to another page, focus goes to the main area; after a filter change on the same
// page (only the query part of the hash changed), focus returns to the control that was used.
let lastPath = location.hash.split("?")[0];
window.addEventListener("hashchange", async () => {
  const path = location.hash.split("?")[0];
  const samePage = path === lastPath;
  lastPath = path;
  const controlId = samePage && document.activeElement ? document.activeElement.id : "";
  await route();
  const control = controlId ? document.getElementById(controlId) : null;
  if (control) control.focus({ preventScroll: true });
  else document.getElementById("main").focus({ preventScroll: true });
});
route();
