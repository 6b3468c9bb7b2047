// Timeline view: events of an entity or a place (or all events), filter by type and dates.
import { api, entityLink, eventHash, eventTypeName, failure, fmtDate, h, notice, qs, sentenceBlock, status } from "./core.js";

const PALETTE = ["#c8414f", "#2f6fb0", "#23865a", "#7b4bb3", "#b86e12", "#0f7c8c", "#8a5a44", "#5b6b1e", "#b03a87", "#3d4f9f"];

function dayNumber(date) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(date || "");
  if (!m) return null;
  return Date.UTC(+m[1], (+m[2] || 1) - 1, +m[3] || 1) / 86400000;
}

/**
 * An SVG chart with one lane per event type and one dot per dated event; a dot links to the
 * event's card below. `width` is the space available in CSS pixels (text stays legible).
 */
function strip(events, types, typeNames, colorOf, width) {
  const dated = events.filter((e) => dayNumber(e.date) !== null);
  const lanes = types.filter((t) => dated.some((e) => e.type === t));
  const W = Math.max(320, Math.round(width));
  const left = Math.min(130, Math.round(W * 0.28)); const right = 40; const laneH = 20; const top = 8;
  const H = top + lanes.length * laneH + 34;
  const ns = "http://www.w3.org/2000/svg";
  const el = (tag, attrs) => { const e = document.createElementNS(ns, tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); return e; };
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: "strip", role: "group",
    "aria-label": `${dated.length} dated events on a time axis, one lane per event type` });
  if (!dated.length) return svg;
  const days = dated.map((e) => dayNumber(e.date));
  let lo = Math.min(...days); let hi = Math.max(...days);
  if (hi - lo < 2) { lo -= 1; hi += 1; }
  const x = (d) => left + 14 + ((d - lo) / (hi - lo)) * (W - left - right - 14);
  const axisY = top + lanes.length * laneH + 4;
  lanes.forEach((t, i) => {
    const y = top + i * laneH + laneH / 2;
    if (i % 2 === 0) svg.append(el("rect", { x: 0, y: top + i * laneH, width: W, height: laneH, fill: "#f4f6f9" }));
    const label = el("text", { x: left - 8, y: y + 4, "text-anchor": "end", "font-size": 12, fill: colorOf(t) });
    label.textContent = typeNames.get(t);
    svg.append(label);
  });
  svg.append(el("line", { x1: left, x2: W - right, y1: axisY, y2: axisY, stroke: "#99a", "stroke-width": 1 }));
  const ticks = Math.max(1, Math.min(Math.floor((W - left - right) / 90), Math.round(hi - lo)));
  for (let i = 0; i <= ticks; i++) {
    const d = Math.round(lo + ((hi - lo) * i) / ticks);
    const iso = new Date(d * 86400000).toISOString().slice(0, 10);
    const t = el("text", { x: x(d), y: axisY + 18, "text-anchor": i === ticks ? "end" : "middle", "font-size": 11, fill: "#556" });
    t.textContent = fmtDate(iso);
    svg.append(el("line", { x1: x(d), x2: x(d), y1: axisY - 3, y2: axisY + 4, stroke: "#99a" }), t);
  }
  const stack = new Map();
  for (const e of dated) {
    const d = dayNumber(e.date);
    const lane = lanes.indexOf(e.type);
    const key = `${lane}:${Math.round(x(d) / 5)}`;
    const level = stack.get(key) || 0;
    stack.set(key, level + 1);
    const a = el("a", { href: `#ev-${eventHash(e.id)}`, class: "tl-dot" });
    a.addEventListener("click", (evt) => {
      evt.preventDefault();
      const card = document.getElementById(`ev-${eventHash(e.id)}`);
      if (card) { card.scrollIntoView({ block: "center" }); card.focus(); }
    });
    const c = el("circle", { cx: x(d) + Math.min(level, 4) * 3, cy: top + lane * laneH + laneH / 2, r: 5,
      fill: colorOf(e.type), stroke: "#fff", "stroke-width": 1 });
    const title = el("title", {});
    title.textContent = `${fmtDate(e.date, e.precision)} ${eventTypeName(e.type, e.type_label)}${e.label ? `: ${e.label}` : ""}`;
    c.append(title);
    a.append(c);
    svg.append(a);
  }
  return svg;
}

function card(e, colorOf, focusId) {
  const actors = (e.actors || []).filter((a) => a.id !== focusId);
  const places = (e.places || []).filter((p) => p.id !== focusId);
  const srcBody = h("div", { class: "sources" });
  const det = h("details", { class: "why" }, h("summary", {}, "source sentences"), srcBody);
  det.addEventListener("toggle", async () => {
    if (!det.open || det.dataset.loaded) return;
    det.dataset.loaded = "1";
    try {
      const full = await api(`/events/${encodeURIComponent(eventHash(e.id))}`);
      if (full.content) srcBody.append(h("blockquote", { class: "quote" }, full.content));
      for (const m of full.mentions || []) srcBody.append(sentenceBlock(m));
      if (!(full.mentions || []).length) srcBody.append(h("p", { class: "muted" }, "No source sentence recorded."));
    } catch (err) { srcBody.append(failure(err, "Sources")); }
  });
  return h("li", { class: "ev-card", id: `ev-${eventHash(e.id)}`, tabindex: "-1", style: `border-left-color:${colorOf(e.type)}` },
    h("div", { class: "ev-head" },
      h("a", { href: `#/event/${eventHash(e.id)}`, class: "ev-type" }, eventTypeName(e.type, e.type_label)),
      e.factuality && !/asserted/i.test(e.factuality) ? h("span", { class: "fact-flag" }, eventTypeName(e.factuality)) : "",
      e.confidence !== undefined && e.confidence !== null ? h("span", { class: "muted small" }, ` conf ${(+e.confidence).toFixed(2)}`) : ""),
    e.label ? h("div", {}, e.label) : "",
    actors.length ? h("div", { class: "small" }, "Actors: ", actors.flatMap((a, k) => [k ? ", " : "", entityLink(a), a.role ? h("span", { class: "muted" }, ` (${a.role})`) : ""])) : "",
    places.length ? h("div", { class: "small" }, "Where: ", places.flatMap((p, k) => [k ? ", " : "", entityLink(p)])) : "",
    (e.quantities || []).length ? h("div", { class: "small" }, (e.quantities || []).map((q) => `${q.exact === false ? "~" : ""}${q.count} ${q.thing || q.kind}`).join(", ")) : "",
    det);
}

/** The timeline for entity `id` (or every event when id is null). */
export async function renderTimeline(main, id, params, ctx) {
  const since = params.get("since") || "";
  const until = params.get("until") || "";
  const typeFilter = params.get("type") || "";
  const title = h("h1", {}, "Timeline");
  main.append(title);
  let label = id;
  if (id) {
    try {
      const ent = await api(`/entities/${id}`);
      label = ent.label;
      ctx.setCurrent(id, label);
    } catch (_) { /* keep the id as label */ }
    title.textContent = `Timeline of ${label}`;
  } else title.textContent = "Timeline of all events";
  document.title = `${title.textContent} — newskg`;
  const kind = id ? id.split("/")[0] : "";
  const filter = id ? { [kind === "place" ? "place" : "actor"]: id } : {};
  let data;
  try {
    data = await api(`/events${qs({ ...filter, since, until, limit: 1000 })}`);
  } catch (err) {
    main.append(failure(err, "The timeline"));
    return null;
  }
  if (!ctx.alive()) return null;
  const all = (data.items || []).slice().sort((a, b) => String(a.date || "9999").localeCompare(String(b.date || "9999")));
  const typeNames = new Map();
  for (const e of all) typeNames.set(e.type, eventTypeName(e.type, e.type_label));
  const types = [...typeNames.keys()].sort((a, b) => typeNames.get(a).localeCompare(typeNames.get(b)));
  const colorOf = (t) => PALETTE[Math.max(0, types.indexOf(t)) % PALETTE.length];

  const go = (changes) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) { if (v) p.set(k, v); else p.delete(k); }
    const s = p.toString();
    location.hash = `#/timeline${id ? `/${id}` : ""}${s ? `?${s}` : ""}`;
  };
  const sinceIn = h("input", { type: "date", id: "tl-since", value: since });
  const untilIn = h("input", { type: "date", id: "tl-until", value: until });
  const typeSel = h("select", { id: "tl-type", onchange: () => go({ type: typeSel.value }) },
    h("option", { value: "" }, `all types (${all.length})`),
    types.map((t) => h("option", { value: t, selected: t === typeFilter }, `${typeNames.get(t)} (${all.filter((e) => e.type === t).length})`)));
  main.append(h("form", { class: "controls", "aria-label": "Timeline filters", onsubmit: (e) => { e.preventDefault(); go({ since: sinceIn.value, until: untilIn.value }); } },
    h("label", { for: "tl-type" }, "Type "), typeSel,
    h("label", { for: "tl-since" }, "From "), sinceIn,
    h("label", { for: "tl-until" }, "to "), untilIn,
    h("button", { type: "submit", id: "tl-apply" }, "Apply"),
    since || until || typeFilter ? h("button", { type: "button", onclick: () => go({ since: "", until: "", type: "" }) }, "Clear") : "",
    id ? h("a", { href: `#/entity/${id}`, class: "btn" }, "Entity page") : ""));

  const shown = all.filter((e) => (!typeFilter || e.type === typeFilter)
    && (!since || !e.date || e.date >= since) && (!until || !e.date || e.date.slice(0, until.length) <= until));
  status(`Timeline: ${shown.length} events`);
  if (!shown.length) {
    main.append(notice(all.length ? "No events match these filters." : "No events recorded here yet."));
    return null;
  }
  const wrap = h("div", { class: "strip-wrap" });
  main.append(wrap);
  wrap.append(strip(shown, types, typeNames, colorOf, wrap.clientWidth));
  const groups = new Map();
  for (const e of shown) {
    const k = e.date || "";
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(e);
  }
  const list = h("ol", { class: "timeline", "aria-label": "Events by date" });
  for (const [date, evs] of groups) {
    list.append(h("li", { class: "tl-day" }, h("h2", { class: "tl-date" }, fmtDate(date, evs[0].precision), " ", h("span", { class: "muted small" }, `${evs.length} event${evs.length > 1 ? "s" : ""}`)),
      h("ul", { class: "plain" }, evs.map((e) => card(e, colorOf, id)))));
  }
  main.append(list);
  if (data.total !== undefined && data.total > all.length) main.append(notice(`Showing the first ${all.length} of ${data.total} events.`));
  main.dataset.ready = "1";
  return null;
}
