// Map view: places and events on a bundled world outline (tiles only when configured).
import { api, entityHref, eventHash, eventTypeName, failure, fmtDate, h, loadCss, loadScript, notice, qs, status } from "./core.js";

/** A tile URL template from ?tiles=, or the page's <meta name="newskg-tiles">, else none. */
function tileUrl(params) {
  const fromParam = params.get("tiles");
  if (fromParam) return fromParam;
  const meta = document.querySelector('meta[name="newskg-tiles"]');
  return meta && meta.content ? meta.content : "";
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function popupFor(p, events) {
  const div = h("div", { class: "popup" },
    h("strong", {}, h("a", { href: entityHref(p.id) }, p.label)),
    h("div", { class: "muted small" }, `${plural(p.events ?? events.length, "event")} · ${plural(p.mentions ?? 0, "mention")}`),
    h("div", {}, h("a", { href: `#/timeline/${p.id}` }, "timeline"), " · ", h("a", { href: `#/network/${p.id}` }, "network")));
  if (events.length) {
    div.append(h("ul", { class: "plain small" }, events.slice(0, 8).map((ev) => h("li", {},
      fmtDate(ev.date, ev.precision), " ", h("a", { href: `#/event/${eventHash(ev.id)}` }, eventTypeName(ev.type, ev.type_label)),
      ev.label ? `: ${ev.label}` : ""))));
    if (events.length > 8) div.append(h("div", { class: "muted small" }, `and ${events.length - 8} more`));
  }
  return div;
}

/** The map view; `?focus=<place id>` zooms to one place. Returns a cleanup function. */
export async function renderMap(main, params, ctx) {
  const focus = params.get("focus");
  main.append(h("h1", {}, "Map"));
  const mapBox = h("div", { id: "map", class: "map", role: "region", "aria-label": "Map of places" });
  const listBox = h("section", { class: "place-list", "aria-labelledby": "h-placelist" }, h("h2", { id: "h-placelist", class: "small-h" }, "Places"));
  main.append(h("div", { class: "map-wrap" }, mapBox, listBox));
  await Promise.all([loadCss("/static/vendor/leaflet/leaflet.css"), loadScript("/static/vendor/leaflet/leaflet.js")]);
  if (!ctx.alive()) return null;
  const L = window.L;
  const map = L.map(mapBox, { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5, fadeAnimation: false }).setView([30, 20], 2);
  const tiles = tileUrl(params);
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: "map tiles: configured server" }).addTo(map);
  } else {
    mapBox.classList.add("offline");
  }
  map.attributionControl.addAttribution("outline: Natural Earth 1:110m");

  const [world, placesRes, eventsRes] = await Promise.allSettled([
    fetch("/static/vendor/world/countries-110m.geojson").then((r) => (r.ok ? r.json() : Promise.reject(new Error(`outline HTTP ${r.status}`)))),
    api("/places"),
    api(`/events${qs({ limit: 1000 })}`),
  ]);
  if (!ctx.alive()) { map.stop(); map.remove(); return null; }
  if (world.status === "fulfilled") {
    L.geoJSON(world.value, { interactive: false, style: { color: "#8a97a8", weight: 0.7, fillColor: "#e9ece4", fillOpacity: tiles ? 0.2 : 1 } }).addTo(map);
  }
  // Events by place id, from the event list (each event carries its places' coordinates).
  const eventsByPlace = new Map();
  const coords = new Map();
  if (eventsRes.status === "fulfilled") {
    for (const ev of eventsRes.value.items || []) {
      for (const p of ev.places || []) {
        if (p.lat === null || p.lat === undefined) continue;
        coords.set(p.id, p);
        if (!eventsByPlace.has(p.id)) eventsByPlace.set(p.id, []);
        eventsByPlace.get(p.id).push(ev);
      }
    }
  }
  let places = [];
  if (placesRes.status === "fulfilled") places = (placesRes.value.items || []).filter((p) => p.lat !== null && p.lat !== undefined);
  else {
    main.insertBefore(failure(placesRes.reason, "The place list"), main.children[1]);
    places = [...coords.values()].map((p) => ({ ...p, events: eventsByPlace.get(p.id).length, mentions: null }));
  }
  if (eventsRes.status === "rejected") main.insertBefore(failure(eventsRes.reason, "Events on the map"), main.children[1]);

  const placeLayer = L.layerGroup().addTo(map);
  const eventLayer = L.layerGroup().addTo(map);
  const markers = new Map();
  for (const p of places) {
    const evs = eventsByPlace.get(p.id) || [];
    const weight = (p.mentions || 0) + (p.events ?? evs.length);
    const m = L.circleMarker([p.lat, p.lon], { radius: 9 + Math.min(14, Math.sqrt(weight) * 2), color: "#14613f",
      weight: 1.5, fillColor: "#23865a", fillOpacity: 0.55, className: "place-marker" })
      .bindPopup(() => popupFor(p, evs)).bindTooltip(p.label);
    m.addTo(placeLayer);
    markers.set(p.id, m);
  }
  for (const [pid, evs] of eventsByPlace) {
    const p = coords.get(pid);
    L.circleMarker([p.lat, p.lon], { radius: 2.5 + Math.min(6, Math.sqrt(evs.length) * 1.5), color: "#8e1f2c", weight: 1,
      fillColor: "#c8414f", fillOpacity: 0.8, className: "event-marker" })
      .bindPopup(() => popupFor({ ...p, events: evs.length }, evs)).bindTooltip(`${evs.length} events at ${p.label}`)
      .addTo(eventLayer);
  }
  L.control.layers(null, { "Places": placeLayer, "Events": eventLayer }, { collapsed: false }).addTo(map);
  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => h("div", { class: "legend" }, h("span", { class: "dot t-place" }), " place ", h("span", { class: "dot t-event" }), " events");
  legend.addTo(map);

  if (places.length) {
    const bounds = L.latLngBounds(places.map((p) => [p.lat, p.lon]));
    map.fitBounds(bounds.pad(0.3), { maxZoom: 6, animate: false });
  } else {
    mapBox.after(notice("No places with coordinates yet."));
  }
  // Accessible list of places: a button zooms the map and opens the popup.
  const sorted = [...places].sort((a, b) => (b.events ?? 0) - (a.events ?? 0) || String(a.label).localeCompare(b.label));
  listBox.append(h("ul", { class: "plain" }, sorted.map((p) => h("li", {},
    h("button", { type: "button", class: "linkish", dataset: { id: p.id }, onclick: () => {
      map.closePopup();
      map.setView([p.lat, p.lon], Math.max(map.getZoom(), 5), { animate: false });
      markers.get(p.id).openPopup();
      mapBox.dataset.focus = p.id;
    } }, p.label), h("span", { class: "muted small" }, ` ${plural(p.events ?? 0, "event")} · ${plural(p.mentions ?? 0, "mention")}`)))));
  if (focus && markers.has(focus)) {
    const p = places.find((x) => x.id === focus);
    map.setView([p.lat, p.lon], 5, { animate: false });
    markers.get(focus).openPopup();
  }
  status(`Map: ${places.length} places, ${eventsByPlace.size} with events`);
  map.invalidateSize();
  mapBox.dataset.ready = "1";
  return () => {
    // Stop any pan or zoom still running so no animation frame touches the removed panes.
    map.stop();
    map.off();
    map.remove();
  };
}
