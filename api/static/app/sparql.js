// SPARQL editor: CodeMirror with SPARQL highlighting, example queries, results table, CSV.
import { api, entityHref, failure, h, loadCss, loadScript, notice, status, webUrl } from "./core.js";

const DEFAULT_QUERY = `PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>

# Actors and how many events they take part in
SELECT ?actor ?label (COUNT(DISTINCT ?event) AS ?events) WHERE {
  GRAPH ?g { ?event sem:hasActor ?actor . }
  GRAPH ?g2 { ?actor rdfs:label ?label . }
}
GROUP BY ?actor ?label
ORDER BY DESC(?events)
LIMIT 25`;

const LOCAL = /\/((?:person|org|place|group|event|article)\/[^/#?]+)$/;

/** CSV text (RFC 4180) of SPARQL JSON results. */
export function toCsv(vars, rows) {
  const cell = (v) => {
    const s = v === undefined || v === null ? "" : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [vars.map(cell).join(",")];
  for (const r of rows) lines.push(vars.map((v) => cell(r[v] && r[v].value)).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

function termCell(t) {
  if (!t) return h("td", { class: "unbound" }, "");
  if (t.type === "uri") {
    const m = LOCAL.exec(t.value);
    const shortText = t.value.replace(/^https?:\/\/[^/]+\/(id\/)?/, "").replace(/^.*[#]/, "");
    if (m) {
      const href = m[1].startsWith("article/") ? `#/${m[1]}` : entityHref(m[1]);
      return h("td", {}, h("a", { href, title: t.value }, shortText));
    }
    if (!webUrl(t.value)) return h("td", { title: t.value }, t.value);
    return h("td", {}, h("a", { href: t.value, title: t.value, target: "_blank", rel: "noopener" }, shortText || t.value));
  }
  if (t.type === "bnode") return h("td", { class: "muted" }, `_:${t.value}`);
  return h("td", { title: t.datatype || (t["xml:lang"] ? `@${t["xml:lang"]}` : "") }, t.value);
}

/** The SPARQL view. `?example=name`, `?query=text` or `?describe=IRI` prefill the editor. */
export async function renderSparql(main, params, ctx) {
  main.append(h("h1", {}, "SPARQL"));
  const examplesBox = h("section", { class: "examples", "aria-labelledby": "h-ex" }, h("h2", { id: "h-ex", class: "small-h" }, "Example queries"));
  const area = h("textarea", { id: "sparql-text", "aria-label": "SPARQL query", rows: 14, spellcheck: "false" });
  const runBtn = h("button", { type: "button", id: "run-query", class: "primary" }, "Run ", h("kbd", {}, "Ctrl+Enter"));
  const csvLink = h("a", { id: "csv-download", class: "btn", download: "results.csv", hidden: true, href: "#" }, "Download CSV");
  const out = h("section", { id: "results", class: "results-box", "aria-live": "polite", "aria-label": "Query results" });
  main.append(h("div", { class: "sparql-wrap" }, examplesBox,
    h("div", { class: "editor-col" }, area, h("div", { class: "actions" }, runBtn, csvLink,
      h("span", { class: "muted small" }, "Queries are read-only and time-limited by the server.")), out)));

  await Promise.all([loadCss("/static/vendor/codemirror/codemirror.css"), loadScript("/static/vendor/codemirror/codemirror.js")]);
  await loadScript("/static/vendor/codemirror/sparql.js");
  if (!ctx.alive()) return null;
  let csvUrl = null;
  const editor = window.CodeMirror.fromTextArea(area, {
    mode: "application/sparql-query", lineNumbers: true, indentUnit: 2, viewportMargin: Infinity,
    inputStyle: "contenteditable", // the editable text itself takes focus: better for screen readers
    extraKeys: { "Ctrl-Enter": () => run(), "Cmd-Enter": () => run(), Tab: false, "Shift-Tab": false },
  });
  editor.getInputField().setAttribute("aria-label", "SPARQL query editor");

  const run = async () => {
    const query = editor.getValue();
    out.replaceChildren(h("p", { class: "muted" }, "Running…"));
    csvLink.hidden = true;
    let response;
    try {
      response = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/sparql-results+json, text/turtle;q=0.9, application/json;q=0.5" },
        body: new URLSearchParams({ query }),
      });
    } catch (err) {
      out.replaceChildren(notice(`The query could not be sent: ${err}`, "error"));
      return;
    }
    const type = response.headers.get("content-type") || "";
    if (!response.ok) {
      let detail = response.statusText;
      try { const b = await response.json(); detail = b.detail || b.title || detail; } catch (_) { /* not JSON */ }
      out.replaceChildren(notice(`Query failed (HTTP ${response.status}): ${detail}`, "error"));
      return;
    }
    if (!type.includes("json")) {
      const text = await response.text();
      out.replaceChildren(h("p", { class: "muted small" }, `${type.split(";")[0]} result`), h("pre", { class: "rdf" }, text));
      status("Query returned a graph");
      return;
    }
    const body = await response.json();
    if (typeof body.boolean === "boolean") {
      out.replaceChildren(h("p", { class: "ask" }, `Answer: ${body.boolean ? "yes" : "no"}`));
      return;
    }
    const vars = (body.head && body.head.vars) || [];
    const rows = (body.results && body.results.bindings) || [];
    if (csvUrl) URL.revokeObjectURL(csvUrl);
    csvUrl = URL.createObjectURL(new Blob([toCsv(vars, rows)], { type: "text/csv" }));
    csvLink.href = csvUrl;
    csvLink.hidden = false;
    const table = h("table", { class: "results-table" },
      h("caption", {}, `${rows.length} row${rows.length === 1 ? "" : "s"}`),
      h("thead", {}, h("tr", {}, vars.map((v) => h("th", { scope: "col" }, v)))),
      h("tbody", {}, rows.map((r) => h("tr", {}, vars.map((v) => termCell(r[v]))))));
    out.replaceChildren(h("div", { class: "table-wrap" }, table));
    status(`Query returned ${rows.length} rows`);
  };
  runBtn.addEventListener("click", run);

  let examples = [];
  try {
    examples = (await api("/queries")).items || [];
  } catch (err) {
    examplesBox.append(failure(err, "Example queries"));
  }
  if (!ctx.alive()) return null;
  if (examples.length) {
    examplesBox.append(h("ul", { class: "plain" }, examples.map((q) => h("li", {},
      h("button", { type: "button", class: "example", dataset: { name: q.name }, title: q.description || q.name,
        onclick: () => { editor.setValue(q.sparql); run(); } }, q.title || q.name),
      q.description ? h("div", { class: "muted small" }, q.description) : ""))));
  } else if (!examplesBox.querySelector(".notice")) examplesBox.append(h("p", { class: "muted" }, "No example queries."));
  examplesBox.dataset.ready = "1";

  const wanted = params.get("example");
  const ex = wanted && examples.find((q) => q.name === wanted);
  if (params.get("describe")) editor.setValue(`DESCRIBE <${params.get("describe")}>`);
  else if (params.get("query")) editor.setValue(params.get("query"));
  else if (ex) editor.setValue(ex.sparql);
  else editor.setValue(DEFAULT_QUERY);
  if (ex || params.get("describe") || params.get("query")) run();
  editor.refresh();
  return () => { if (csvUrl) URL.revokeObjectURL(csvUrl); editor.toTextArea(); };
}
