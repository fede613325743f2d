"""The query page served at ``/``: one self-contained HTML file, no CDN, no build step."""

from __future__ import annotations

__all__ = ["PAGE"]

PAGE = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kg SPARQL</title>
<style>
  body { font: 14px/1.5 system-ui, "PingFang SC", "Noto Sans CJK SC", sans-serif;
         margin: 1.5rem; color: #222; }
  textarea { width: 100%; height: 12rem; font: 13px/1.4 ui-monospace, monospace; }
  table { border-collapse: collapse; margin-top: 1rem; }
  th, td { border: 1px solid #ccc; padding: .25rem .5rem; vertical-align: top; text-align: left; }
  th { background: #f3f3f3; }
  #status { color: #555; margin-left: 1rem; }
  .error { color: #b00020; white-space: pre-wrap; }
  pre { background: #f7f7f7; padding: .5rem; overflow: auto; }
</style>
</head>
<body>
<h1>kg SPARQL endpoint</h1>
<p>Read-only.  Prefixes <code>kg: schema: org: prov: rdf: rdfs: skos: xsd: owl:</code> are
predeclared; the default graph is the union of all named graphs.  Endpoint:
<code>/sparql</code> (SPARQL 1.1 Protocol, GET or POST).</p>
<form id="form">
<textarea id="query" name="query" spellcheck="false">SELECT ?person ?name ?role ?orgName WHERE {
  ?post a kg:Membership ; org:member ?person ; org:organization ?org ; kg:roleTitle ?role .
  ?person rdfs:label ?name .
  ?org rdfs:label ?orgName .
}
LIMIT 50</textarea>
<p><button type="submit">Run</button><span id="status"></span></p>
</form>
<div id="out"></div>
<script>
"use strict";
const form = document.getElementById("form");
const out = document.getElementById("out");
const status = document.getElementById("status");
function cell(term) {
  if (!term) return "";
  return term.value;
}
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  out.textContent = "";
  status.textContent = "running…";
  const started = performance.now();
  const body = new URLSearchParams({query: document.getElementById("query").value});
  let response;
  try {
    response = await fetch("sparql", {method: "POST", body,
      headers: {"Accept": "application/sparql-results+json, text/turtle;q=0.9"}});
  } catch (err) {
    status.textContent = ""; out.innerHTML = ""; const p = document.createElement("p");
    p.className = "error"; p.textContent = String(err); out.appendChild(p); return;
  }
  const text = await response.text();
  const ms = Math.round(performance.now() - started);
  if (!response.ok) {
    status.textContent = response.status + " (" + ms + " ms)";
    const p = document.createElement("p"); p.className = "error"; p.textContent = text;
    out.appendChild(p); return;
  }
  const truncated = response.headers.get("X-KG-Result-Truncated");
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("json") && !type.includes("ld+json")) {
    const data = JSON.parse(text);
    if ("boolean" in data) { out.textContent = String(data.boolean); }
    else {
      const table = document.createElement("table");
      const head = table.insertRow();
      for (const v of data.head.vars) {
        const th = document.createElement("th"); th.textContent = v; head.appendChild(th);
      }
      for (const row of data.results.bindings) {
        const tr = table.insertRow();
        for (const v of data.head.vars) { tr.insertCell().textContent = cell(row[v]); }
      }
      out.appendChild(table);
      status.textContent = data.results.bindings.length + " rows, " + ms + " ms" +
        (truncated ? " (truncated: " + truncated + ")" : "");
      return;
    }
  } else {
    const pre = document.createElement("pre"); pre.textContent = text; out.appendChild(pre);
  }
  status.textContent = ms + " ms";
});
</script>
</body>
</html>
"""
