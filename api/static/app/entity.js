// Entity page, event page and article reader: every fact links to its source sentence.
import {
  api, badge, entityLink, eventHash, eventTypeName, failure, fmtDate, h, kindOf, notice, qs,
  sentenceBlock, status, webUrl,
} from "./core.js";

/** Lazily fetch an event's source sentences into a <details> element when it is opened. */
function sourcesDetails(eventId, summaryText = "sources") {
  const body = h("div", { class: "sources" });
  const det = h("details", { class: "why" }, h("summary", {}, summaryText), body);
  det.addEventListener("toggle", async () => {
    if (!det.open || det.dataset.loaded) return;
    det.dataset.loaded = "1";
    body.append(h("p", { class: "muted" }, "Loading…"));
    try {
      const ev = await api(`/events/${encodeURIComponent(eventHash(eventId))}`);
      body.replaceChildren();
      if (ev.content) body.append(h("blockquote", { class: "quote" }, ev.content));
      const ms = ev.mentions || [];
      if (!ms.length) body.append(h("p", { class: "muted" }, "No source sentence recorded."));
      for (const m of ms) body.append(sentenceBlock(m));
    } catch (err) {
      body.replaceChildren(failure(err, "Sources"));
    }
  });
  return det;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function section(title, id, ...content) {
  return h("section", { class: "block", "aria-labelledby": id }, h("h2", { id }, title), ...content);
}

/** The entity page: names, posts, places, events (date order), statements, mentions. */
export async function renderEntity(main, id, ctx) {
  const [kind] = id.split("/");
  const evParam = kind === "place" ? "place" : "actor";
  const [entRes, evRes] = await Promise.allSettled([
    api(`/entities/${id}`),
    api(`/events${qs({ [evParam]: id, limit: 500 })}`),
  ]);
  if (!ctx.alive()) return null;
  if (entRes.status === "rejected") {
    main.append(h("h1", {}, id), failure(entRes.reason, "This entity"));
    return null;
  }
  const e = entRes.value;
  ctx.setCurrent(id, e.label);
  document.title = `${e.label} — newskg`;
  status(`Entity ${e.label}`);
  const eventDetails = new Map();
  if (evRes.status === "fulfilled") for (const it of evRes.value.items || []) eventDetails.set(eventHash(it.id), it);

  const alts = (e.alt_labels || []).filter((a) => a !== e.label);
  const facts = h("dl", { class: "facts" });
  const fact = (k, ...v) => facts.append(h("dt", {}, k), h("dd", {}, ...v));
  if (alts.length) fact("Also called", alts.join(" · "));
  fact("Seen", `${plural(e.mention_count ?? 0, "mention")} in ${plural(e.article_count ?? 0, "article")}`,
    e.first_seen ? `, ${fmtDate(e.first_seen)}` : "", e.last_seen && e.last_seen !== e.first_seen ? ` – ${fmtDate(e.last_seen)}` : "");
  if (e.lat !== null && e.lat !== undefined) fact("Coordinates", `${(+e.lat).toFixed(3)}, ${(+e.lon).toFixed(3)}`);
  if (e.country_code) fact("Country", e.country_code);
  if (e.geonames) fact("GeoNames", webUrl(e.geonames) ? h("a", { href: e.geonames, target: "_blank", rel: "noopener" }, e.geonames) : e.geonames);
  fact("IRI", h("code", {}, e.iri || id));
  // The server dereferences its IRIs at their own path (/id/... for the default base IRI).
  const rdfPath = e.iri ? new URL(e.iri).pathname : `/id/${id}`;
  fact("As RDF", h("a", { href: `${rdfPath}?format=turtle`, type: "text/turtle" }, "Turtle"), " · ",
    h("a", { href: `${rdfPath}?format=jsonld`, type: "application/ld+json" }, "JSON-LD"));

  const actions = h("div", { class: "actions" },
    h("a", { class: "btn", href: `#/network/${id}` }, "Network"),
    h("a", { class: "btn", href: `#/timeline/${id}` }, "Timeline"),
    e.lat !== null && e.lat !== undefined ? h("a", { class: "btn", href: `#/map${qs({ focus: id })}` }, "Map") : "",
    h("a", { class: "btn", href: `#/sparql${qs({ describe: e.iri || "" })}` }, "SPARQL"));
  main.append(h("header", { class: "entity-head" },
    h("h1", {}, e.label, " ", badge(e.type || kindOf(id))), actions), facts);

  // Posts.
  const posts = e.posts || [];
  if (posts.length) {
    main.append(section("Posts", "h-posts", h("ul", { class: "plain" }, posts.map((p) => h("li", {},
      p.label || p.role, p.organization ? [" — ", entityLink(p.organization)] : "")))));
  }

  // Places, gathered from the entity's events (with counts).
  if (kind !== "place" && eventDetails.size) {
    const places = new Map();
    for (const ev of eventDetails.values()) {
      for (const p of ev.places || []) {
        const cur = places.get(p.id) || { ...p, n: 0 };
        cur.n += 1;
        places.set(p.id, cur);
      }
    }
    if (places.size) {
      const sorted = [...places.values()].sort((a, b) => b.n - a.n);
      main.append(section("Places", "h-places", h("ul", { class: "inline" }, sorted.map((p) => h("li", {},
        entityLink(p), h("span", { class: "muted" }, ` ×${p.n}`))))));
    }
  }

  // Events in date order.
  const events = [...(e.events || [])].sort((a, b) => String(a.date || "9999").localeCompare(String(b.date || "9999")));
  const evBlock = section(`Events (${events.length})`, "h-events");
  if (!events.length) evBlock.append(h("p", { class: "muted" }, "No events recorded for this entity."));
  else {
    const rows = events.map((ev) => {
      const more = eventDetails.get(eventHash(ev.id)) || {};
      const others = [...(more.actors || []).filter((a) => a.id !== id).map((a) => [entityLink(a), a.role ? h("span", { class: "muted" }, ` (${a.role})`) : ""]),
        ...(more.places || []).filter((p) => p.id !== id).map((p) => entityLink(p))];
      return h("tr", {},
        h("td", { class: "date" }, fmtDate(ev.date, more.precision)),
        h("td", {}, h("a", { href: `#/event/${eventHash(ev.id)}` }, eventTypeName(ev.type, more.type_label)),
          ev.factuality && !/asserted/i.test(ev.factuality) ? h("span", { class: "fact-flag" }, ` ${eventTypeName(ev.factuality)}`) : ""),
        h("td", {}, ev.label || more.label || "", others.length ? h("div", { class: "muted small" }, "with ", others.flatMap((o, k) => (k ? [", ", o] : [o]))) : ""),
        h("td", {}, ev.role || ""),
        h("td", {}, sourcesDetails(ev.id)));
    });
    evBlock.append(h("div", { class: "table-wrap" }, h("table", { class: "events" },
      h("thead", {}, h("tr", {}, ["Date", "Type", "What", "Role", "Source"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, rows))));
  }
  main.append(evBlock);

  // Statements with quoted text.
  const statements = e.statements || [];
  if (statements.length) {
    main.append(section(`Statements (${statements.length})`, "h-statements", statements.map((s) => h("article", { class: "statement" },
      h("div", { class: "muted small" }, fmtDate(s.date)),
      h("blockquote", { class: "quote" }, s.content || ""),
      s.sentence || s.article ? sentenceBlock({ sentence: s.sentence, text: "", article: s.article }) : ""))));
  }

  // Mentions grouped by article.
  const mentions = e.mentions || [];
  if (mentions.length) {
    const byArticle = new Map();
    for (const m of mentions) {
      const key = (m.article && m.article.id) || "?";
      if (!byArticle.has(key)) byArticle.set(key, []);
      byArticle.get(key).push(m);
    }
    const sec = section(`Mentions (${mentions.length})`, "h-mentions");
    for (const list of byArticle.values()) {
      const art = list[0].article || {};
      sec.append(h("details", { class: "mentions", open: byArticle.size <= 3 },
        h("summary", {}, art.title || art.id || "article", art.published ? h("span", { class: "muted" }, ` · ${fmtDate(art.published)}`) : "",
          h("span", { class: "muted" }, ` · ${list.length}`)),
        list.map(sentenceBlock)));
    }
    main.append(sec);
  }
  if (evRes.status === "rejected") main.append(failure(evRes.reason, "Event details"));
  return null;
}

/** One event: type, date, participants, places, quantities, statement and sources. */
export async function renderEvent(main, hash, ctx) {
  const ev = await api(`/events/${encodeURIComponent(hash)}`);
  if (!ctx.alive()) return null;
  const typeName = eventTypeName(ev.type, ev.type_label);
  const title = ev.label && ev.label !== typeName ? `${typeName}: ${ev.label}` : typeName;
  document.title = `${title} — newskg`;
  main.append(h("h1", {}, title, " ", badge("event")));
  const facts = h("dl", { class: "facts" });
  const fact = (k, ...v) => facts.append(h("dt", {}, k), h("dd", {}, ...v));
  fact("Type", eventTypeName(ev.type, ev.type_label));
  fact("Date", fmtDate(ev.date, ev.precision), ev.precision ? h("span", { class: "muted" }, ` (${ev.precision})`) : "");
  if (ev.factuality) fact("Factuality", eventTypeName(ev.factuality));
  if (ev.confidence !== undefined && ev.confidence !== null) fact("Confidence", (+ev.confidence).toFixed(2));
  const actors = ev.actors || [];
  if (actors.length) fact("Actors", actors.flatMap((a, k) => [k ? ", " : "", entityLink(a), a.role ? h("span", { class: "muted" }, ` (${a.role})`) : ""]));
  const places = ev.places || [];
  if (places.length) fact("Places", places.flatMap((p, k) => [k ? ", " : "", entityLink(p)]));
  for (const q of ev.quantities || []) fact(`Quantity (${q.kind})`, `${q.count} ${q.thing || ""}${q.exact === false ? " (a bound or estimate)" : ""}`);
  if (ev.speaker) fact("Speaker", entityLink(ev.speaker));
  if (ev.attributed_to) fact("Attributed to", typeof ev.attributed_to === "string" ? ev.attributed_to : entityLink(ev.attributed_to));
  main.append(facts);
  if (ev.content) main.append(h("blockquote", { class: "quote" }, ev.content));
  const ms = ev.mentions || [];
  main.append(section("Source sentences", "h-src", ms.length ? ms.map(sentenceBlock) : h("p", { class: "muted" }, "None recorded.")));
  return null;
}

/** The article reader: shows the article text with the cited span highlighted. */
export async function renderArticle(main, id, params, ctx) {
  const art = await api(`/articles/${encodeURIComponent(id)}`);
  if (!ctx.alive()) return null;
  const title = art.title || id;
  document.title = `${title} — newskg`;
  main.append(h("h1", {}, title));
  main.append(h("p", { class: "muted" }, [art.source || art.publisher, art.published ? fmtDate(art.published) : ""].filter(Boolean).join(" · "),
    webUrl(art.url) ? [" · ", h("a", { href: art.url, target: "_blank", rel: "noopener" }, "original ↗")] : ""));
  const text = art.text || art.content || "";
  if (!text) {
    main.append(notice("The server did not return the article text."));
    return null;
  }
  let b = parseInt(params.get("b"), 10);
  let e = parseInt(params.get("e"), 10);
  if (!(Number.isFinite(b) && Number.isFinite(e) && b >= 0 && e <= text.length && b < e)) b = e = -1;
  // The cited sentence: the occurrence of ?s= that contains the mention (or the first one).
  const sentence = params.get("s") || "";
  let sb = sentence ? text.indexOf(sentence) : -1;
  while (sb >= 0 && b >= 0 && sb + sentence.length < e) sb = text.indexOf(sentence, sb + 1);
  let se = sb >= 0 ? sb + sentence.length : -1;
  if (sb < 0 || (b >= 0 && (b < sb || e > se))) { sb = b; se = e; }
  const body = h("div", { class: "article-text" });
  if (sb >= 0) {
    const inner = b >= 0 && b >= sb && e <= se
      ? [text.slice(sb, b), h("mark", { id: "cited" }, text.slice(b, e)), text.slice(e, se)]
      : [h("mark", { id: "cited" }, text.slice(sb, se))];
    const span = h("span", { class: "cited-sentence", tabindex: "-1" }, ...inner);
    body.append(text.slice(0, sb), span, text.slice(se));
    main.append(body);
    requestAnimationFrame(() => span.scrollIntoView({ block: "center" }));
  } else {
    body.append(text);
    main.append(body);
  }
  return null;
}
