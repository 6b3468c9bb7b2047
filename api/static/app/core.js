// Shared helpers for the newskg explorer: HTTP calls, DOM building, formatting.

/** Raised when an API call fails; carries the HTTP status and the problem detail. */
export class ApiError extends Error {
  constructor(path, status, detail) {
    super(`${path}: ${status ? `HTTP ${status}` : "network error"}${detail ? ` — ${detail}` : ""}`);
    this.path = path;
    this.status = status;
    this.detail = detail;
  }
}

/** GET (or POST with `init`) a JSON resource of the API; throws ApiError on failure. */
export async function api(path, init = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" }, ...init });
  } catch (err) {
    throw new ApiError(path, 0, String(err));
  }
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const body = await response.json();
      detail = body.detail || body.title || detail;
    } catch (_) { /* not JSON */ }
    throw new ApiError(path, response.status, detail);
  }
  return response.json();
}

/** `url` when it is an http(s) URL, else null: data from articles never becomes a script link. */
export function webUrl(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
}

/** Build a query string from an object, skipping empty values. */
export function qs(params) {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") out.set(k, String(v));
  }
  const s = out.toString();
  return s ? `?${s}` : "";
}

/**
 * Create an element: h("a", {href: "#/x", class: "btn"}, "text", child).
 * Attributes starting with "on" are event listeners; null/false attributes are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A visible, accessible notice (info or error) for the main area. */
export function notice(text, kind = "info") {
  return h("p", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

/** Describe an API failure for a human, saying when the endpoint is missing. */
export function failure(err, what) {
  if (err instanceof ApiError && (err.status === 404 || err.status === 405 || err.status === 501)) {
    if (/^\/(entities|events|articles)\/[^?]+/.test(err.path) && err.status === 404) {
      return notice(`${what}: not found (${err.detail || "404"}).`, "error");
    }
    return notice(`${what} is not available: the server does not provide ${err.path.split("?")[0]} (HTTP ${err.status}).`, "error");
  }
  return notice(`${what} could not be loaded: ${err.message || err}`, "error");
}

/** Announce a short message to screen readers and show it in the status bar. */
export function status(text) {
  const el = document.getElementById("status");
  if (el) el.textContent = text;
}

const TYPE_LABEL = { person: "person", organization: "organisation", org: "organisation", place: "place", group: "group", event: "event" };

/** Kind path segment ("org") -> display type, and entity id -> its kind. */
export function kindOf(id) {
  return String(id).split("/")[0];
}

export function typeLabel(type) {
  return TYPE_LABEL[type] || type || "thing";
}

/** A small coloured badge naming an entity or event type. */
export function badge(type) {
  const t = type === "org" ? "organization" : type;
  return h("span", { class: `badge t-${t}` }, typeLabel(t));
}

/** Hash route of an entity page for an API id such as "place/kharkiv-706483". */
export function entityHref(id) {
  if (String(id).startsWith("event/")) return `#/event/${id.slice(6)}`;
  return `#/entity/${id}`;
}

/** A link to an entity page, or plain text when there is no id. */
export function entityLink(ref) {
  if (!ref) return "";
  if (!ref.id) return ref.label || "";
  return h("a", { href: entityHref(ref.id) }, ref.label || ref.id);
}

/** Last path segment of an event IRI or id. */
export function eventHash(id) {
  return String(id).split("/").pop();
}

/** "2022-03-01" -> "1 Mar 2022" (keeps partial dates readable). */
export function fmtDate(value, precision) {
  if (!value) return "undated";
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value);
  if (!m) return value;
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  if (!m[2] || precision === "year") return m[1];
  if (!m[3] || precision === "month") return `${months[+m[2] - 1]} ${m[1]}`;
  return `${+m[3]} ${months[+m[2] - 1]} ${m[1]}`;
}

/** Human label of an event type id or IRI ("https://newskg.org/event-type/attack" -> "attack"). */
export function eventTypeName(type, label) {
  if (label && /\s/.test(label)) return label;
  const raw = label || (type ? String(type).split(/[/#]/).pop() : "event");
  return raw.replace(/[-_]/g, " ");
}

/** Load a classic script once (vendored libraries are loaded when a view needs them). */
const loaded = new Map();
export function loadScript(src) {
  if (!loaded.has(src)) {
    loaded.set(src, new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.append(s);
    }));
  }
  return loaded.get(src);
}

/** Load a stylesheet once; resolves when it has been applied. */
const sheets = new Map();
export function loadCss(href) {
  if (!sheets.has(href)) {
    sheets.set(href, new Promise((resolve) => {
      const link = h("link", { rel: "stylesheet", href });
      link.onload = resolve;
      link.onerror = resolve; // the view still works, only less styled
      document.head.append(link);
    }));
  }
  return sheets.get(href);
}

/** Run `fn` at most once per `ms` of quiet. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Parse "#/a/b?x=1" into {parts: ["a","b"], params: URLSearchParams}. */
export function parseHash(hash) {
  const raw = (hash || "").replace(/^#\/?/, "");
  const [path, query] = raw.split("?");
  return {
    parts: path ? path.split("/").map(decodeURIComponent) : [],
    params: new URLSearchParams(query || ""),
  };
}

/** Article texts fetched to place a mention exactly (one request per article and page load). */
const articleTexts = new Map();
function articleText(id) {
  if (!articleTexts.has(id)) {
    articleTexts.set(id, api(`/articles/${encodeURIComponent(id)}`).then((a) => a.text || "", () => ""));
  }
  return articleTexts.get(id);
}

/** Fill `quote` with `text`, marking `len` characters at `at` (or nothing when at < 0). */
function fillQuote(quote, text, at, len) {
  if (at >= 0) quote.replaceChildren(text.slice(0, at), h("mark", {}, text.slice(at, at + len)), text.slice(at + len));
  else quote.replaceChildren(text);
}

/**
 * Render a sentence with the mention text emphasised; links to the in-app article reader
 * at the mention's offsets, and to the original page with a text fragment when it has a URL.
 * When the mention's words occur twice in the sentence, the article text decides which.
 */
export function sentenceBlock(m) {
  const sentence = typeof m.sentence === "string" && !/^https?:/.test(m.sentence) ? m.sentence : "";
  const text = sentence || m.text || "";
  const quote = h("q", { class: "sentence" });
  const first = m.text ? text.indexOf(m.text) : -1;
  fillQuote(quote, text, first, m.text ? m.text.length : 0);
  const art = m.article || {};
  const ambiguous = first >= 0 && text.indexOf(m.text, first + 1) >= 0;
  if (ambiguous && art.id && Number.isInteger(m.start)) {
    articleText(art.id).then((full) => {
      // The sentence occurrence in the article that contains the mention's offset.
      let s = full.indexOf(text);
      while (s >= 0 && s + text.length < m.start) s = full.indexOf(text, s + 1);
      if (s >= 0 && s <= m.start && full.slice(m.start, m.end) === m.text) fillQuote(quote, text, m.start - s, m.text.length);
    });
  }
  const links = [];
  if (art.id) {
    const at = Number.isInteger(m.start) ? { b: m.start, e: m.end } : {};
    const q = qs({ ...at, s: sentence.length <= 600 ? sentence : "" });
    links.push(h("a", { href: `#/article/${encodeURIComponent(art.id)}${q}`, class: "src" }, art.title || art.id));
  }
  if (webUrl(art.url)) {
    // A text fragment (the sentence's first words) scrolls the original page to the sentence.
    const words = text.replace(/\s+/g, " ").trim().split(" ").slice(0, 8).join(" ");
    const frag = words ? `#:~:text=${encodeURIComponent(words).replace(/-/g, "%2D")}` : "";
    links.push(h("a", { href: `${art.url}${frag}`, class: "ext", target: "_blank", rel: "noopener" }, "original ↗"));
  }
  const date = art.published ? ` ${fmtDate(art.published)}` : "";
  return h("div", { class: "evidence" }, quote, h("div", { class: "cite" }, "— ", ...links.flatMap((l, k) => (k ? [" · ", l] : [l])), date));
}
