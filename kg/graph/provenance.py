"""SPARQL that answers "where does this fact come from?".

Every extracted fact has a ``kg:Assertion`` node (see :mod:`kg.graph`), so
one query returns, for each fact, the sentence, the article, the source file,
the offsets and the rule that produced it.  The query uses only the standard
kg prefixes (:data:`kg.graph.vocab.PREFIXES`), which the store predeclares.
"""

from __future__ import annotations

__all__ = ["FACT_PROVENANCE_QUERY"]

#: One row per fact: labels of subject and object (or the literal object),
#: predicate, sentence text, headline, file, evidence offsets in the article
#: body, rule and confidence.  A fact a reference resource states (place
#: containment from the gazetteer) has no sentence or offsets; ``?file``
#: names the resource.  Add e.g. ``FILTER (?subject = "李强"@zh)`` or
#: ``VALUES ?predicate { kg:worksFor }`` to ask about one fact.
FACT_PROVENANCE_QUERY = """\
PREFIX kg: <https://w3id.org/kgnews/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?subject ?predicate ?object ?sentence ?headline ?file ?start ?end ?method ?confidence
WHERE {
  ?assertion a kg:Assertion ;
      rdf:subject ?s ; rdf:predicate ?predicate ; rdf:object ?o ;
      prov:wasDerivedFrom ?src ;
      kg:method ?method .
  OPTIONAL { ?assertion kg:confidence ?confidence }
  OPTIONAL { ?assertion kg:startOffset ?start ; kg:endOffset ?end }
  {
    ?src schema:text ?sentence ; schema:isPartOf ?article .
    ?article kg:sourceFile ?file .
    OPTIONAL { ?article schema:headline ?headline }
  } UNION {
    # a fact stated by a reference resource (the gazetteer): no sentence
    ?src a kg:ReferenceSource ; rdfs:label ?file .
    FILTER (lang(?file) = "en")
  }
  OPTIONAL { ?s rdfs:label ?slabel }
  OPTIONAL { ?o rdfs:label ?olabel }
  BIND (COALESCE(?slabel, ?s) AS ?subject)
  BIND (COALESCE(?olabel, ?o) AS ?object)
}
ORDER BY ?file ?start
"""
