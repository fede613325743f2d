"""RDF graph construction: IRIs, vocabulary and provenance.

The data model (what SPARQL users query)
----------------------------------------
* Entities: ``<base>{class-slug}/{label}-{hash8}`` typed with a ``kg:`` class,
  ``rdfs:label "…"@zh``, ``skos:altLabel`` for other names.
* Articles: ``<base>article/{article_id}``, a ``schema:NewsArticle`` with
  ``schema:headline``, ``schema:author`` / ``kg:correspondent`` /
  ``kg:photographer``, ``kg:sourceFile``, ``schema:articleBody`` and
  ``schema:mentions`` for each entity named in it.
* Sentences: ``<article>/s{n}``, a ``kg:Sentence`` with ``schema:text``,
  ``kg:startOffset``/``kg:endOffset`` into the article body and
  ``schema:isPartOf`` the article.
* Mentions: ``kg:Mention`` nodes: ``kg:denotes`` entity, ``kg:inSentence``,
  offsets into the article body, ``schema:text``, ``kg:method``,
  ``kg:confidence``.
* Facts: the direct triple (``:p kg:worksFor :o``) *and* a qualified
  ``kg:Assertion`` node (``rdf:subject``/``rdf:predicate``/``rdf:object``,
  ``prov:wasDerivedFrom`` the sentence, offsets, ``kg:method`` = rule,
  ``kg:confidence``), so "where does this fact come from?" is one query.
* Posts: ``kg:Membership`` (an ``org:Membership``) with ``org:member``,
  ``org:organization``, ``kg:roleTitle``.
* Identity: ``kg:IdentityDecision`` nodes with ``kg:about``,
  ``kg:mentionText``, ``kg:confidence`` and ``kg:reason``.
* Named graphs: one per source document, ``<base>graph/{doc_id}``, holding its
  articles, sentences, mentions, facts and assertions; entity descriptions and
  identity decisions live in ``<base>graph/entities``.
"""
