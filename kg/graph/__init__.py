"""RDF graph construction: IRIs, vocabulary, provenance, ontology and validation.

Modules: :mod:`kg.graph.iris` (every IRI is minted there),
:mod:`kg.graph.build` (``build_quads``), :mod:`kg.graph.ontology`
(``load_ontology``, ``load_shapes``, ``property_label``),
:mod:`kg.graph.validate` (``validate_graph``), :mod:`kg.graph.vocab`
(namespaces), :mod:`kg.graph.provenance` (the provenance query).

The data model (what SPARQL users query)
----------------------------------------
``<base>`` is ``BuildConfig.base_iri``; ``kg:`` is
``https://w3id.org/kgnews/ontology#``.  Chinese text literals (labels,
headlines, bodies, sentences, mention texts, role titles, awards, quotes) are
tagged ``@zh``; offsets are ``xsd:integer`` character offsets into the
article body (end exclusive); scores are ``xsd:double``.

* Entities: ``<base>{class-slug}/{label}-{hash8}`` (``hash8`` is SHA-256 of
  ``Entity.key``; see :func:`kg.graph.iris.entity_iri`), typed with their
  ``kg:`` class *and* its ``kg:`` superclasses (a ``kg:Company`` is also
  ``a kg:Organization``, a ``kg:AdministrativeArea`` also ``a kg:Place``)
  because stores run no reasoner; ``rdfs:label "…"@zh``; ``skos:altLabel``
  for other names.  People credited in bylines have the key
  ``"Person:" + name`` (:func:`kg.graph.iris.person_key_for_name`) and are
  minted when the resolver did not list them.
* Articles: ``<base>article/{article_id}``, a ``schema:NewsArticle`` with
  ``schema:headline`` (at most one), ``schema:articleBody``,
  ``kg:sourceFile``, ``schema:position`` (index in its file),
  ``schema:datePublished`` when known, ``schema:author`` /
  ``kg:correspondent`` / ``kg:photographer`` to people, and
  ``schema:mentions`` for each entity linked in it.
  A body longer than 100,000 characters has no ``schema:articleBody``
  but ``kg:bodyPart`` nodes ``<article>/b{n}`` (``kg:BodyPart``: ``schema:text``,
  offsets, ``schema:position`` n) whose texts, in order, are the body.
* Sentences: ``<article>/s{n}``, a ``kg:Sentence`` with ``schema:text``,
  ``kg:startOffset`` / ``kg:endOffset``, ``schema:position`` n and
  ``schema:isPartOf`` the article.
* Mentions: ``<article>/m{start}-{end}-{hash6}``, a ``kg:Mention`` with
  ``kg:denotes`` the entity, ``kg:inSentence``, offsets, ``schema:text``
  (always equal to ``articleBody[start:end]``), ``kg:method`` and
  ``kg:confidence``.
* Facts: the direct triple (``:p kg:worksFor :o``; literal objects such as
  ``kg:award "…"@zh``) *and* a ``kg:Assertion`` node ``<article>/a-{hash10}``
  with ``rdf:subject`` / ``rdf:predicate`` / ``rdf:object``,
  ``prov:wasDerivedFrom`` the sentence, ``kg:startOffset`` / ``kg:endOffset``
  of the evidence, ``kg:method`` (the rule) and ``kg:confidence``.
  ``kg:cooperatesWith`` is symmetric and written in one direction only:
  query it as ``kg:cooperatesWith|^kg:cooperatesWith``.
* Posts: a ``worksFor`` fact with a role also gives a ``kg:Membership``
  ``<base>membership/{hash12}`` (one per person, organisation and title) with
  ``org:member``, ``org:organization``, ``kg:roleTitle`` and
  ``prov:wasDerivedFrom`` each sentence that reports it.
* Quotations: ``<article>/q-{hash10}``, a ``kg:Quotation`` with
  ``schema:text``, ``schema:creator`` the speaker and ``prov:wasDerivedFrom``
  the sentence; its assertion reifies ``(quote schema:creator speaker)``.
* Identity: ``<base>decision/{hash12}``, a ``kg:IdentityDecision`` with
  ``kg:about`` the entity, ``kg:mentionText``, ``kg:confidence``,
  ``kg:reason`` and ``prov:wasDerivedFrom`` the article.
* Co-occurrence (not a relation): entities linked in the same sentence get,
  per pair and per build, a ``kg:CoOccurrence`` ``<base>cooccurrence/{hash12}``
  with ``kg:between`` both entities, ``kg:sentenceCount`` (the weight) and
  ``prov:wasDerivedFrom`` each sentence, plus a direct ``kg:coOccursWith``
  triple (symmetric, written once; query ``kg:coOccursWith|^kg:coOccursWith``).
  ``kg:coOccursWith`` is a sub-property of nothing, so queries for typed
  relations never return it.  In a sentence naming many entities, each is
  paired with its next ``BuildConfig.cooccurrence_window`` neighbours only
  (see :mod:`kg.graph.cooccurrence`).
* Named graphs: one per source document, ``<base>graph/{doc_id}``, holding its
  articles, sentences, mentions, direct fact triples, memberships, quotations
  and assertions; entity descriptions and identity decisions live in
  ``<base>graph/entities``, as do the direct triples of facts that have no
  evidence (those get no assertion); the co-occurrence layer lives in
  ``<base>graph/cooccurrence``.
* Duplicates: records that mint the same node (one span linked twice to one
  entity, one fact with the same evidence found twice) give one node with
  the highest score.

Where does a fact come from?
----------------------------
:data:`kg.graph.provenance.FACT_PROVENANCE_QUERY` returns, for every fact,
its sentence, article headline, source file, offsets, rule and confidence.
"""

from kg.graph.build import build_quads
from kg.graph.iris import person_key_for_name

__all__ = ["build_quads", "person_key_for_name"]
