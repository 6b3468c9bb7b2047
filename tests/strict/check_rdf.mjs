// Parse an RDF file strictly with N3.js and print the number of quads, or the error.
// Usage: node check_rdf.mjs FILE FORMAT   (FORMAT: Turtle | TriG | N-Quads | N-Triples)
import { readFileSync } from "node:fs";
import { Parser } from "n3";

const [file, format] = process.argv.slice(2);
try {
  const quads = new Parser({ format }).parse(readFileSync(file, "utf8"));
  console.log(JSON.stringify({ ok: true, quads: quads.length }));
} catch (err) {
  console.log(JSON.stringify({ ok: false, error: String(err.message || err) }));
  process.exit(1);
}
