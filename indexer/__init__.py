"""Indexing: corpus folders -> a whoosh index, in three phases (``build.build_index``).

The map, in pipeline order:

- ``reading/``: files on disk -> ``RawDoc`` -> ``Article | Skip``. ``sources`` finds the
  supported files, ``readers`` streams them (one reader per kind), ``encoding`` decodes bytes,
  ``extract.extract_article`` dispatches to ``plaintext`` (with ``plain_header``), ``reuters``,
  ``trec`` or ``html/`` (the HTML extractor: ``prepare`` -> ``blocks`` -> ``body``, ``meta``,
  ``dates``, ``authors``; ``fallback`` for pages rendered by script; ``page.extract_html``);
  ``dates`` and ``bylines`` read what every kind writes alike.
- ``tagging/``: ``taggers.tag`` fills countries (``countries``, ``gazetteer``), UN M49 regions
  (``regions``) and IPTC topics (``topics``, ``topic_model``, ``topic_lexicon``); ``labels``
  names the values for display. Data files live in ``indexer/data/``.
- ``extract_phase``: phase 1, reading + tagging every file, in worker processes when asked.
- ``passes/``: phase 2, decisions over the whole corpus (``corpus_passes``): exact duplicates,
  repeated-paragraph ``boilerplate``, near-duplicate groups (``dedupe`` over ``minhash``);
  ``add_grouping``: the same decisions for an add, against the indexed articles they concern.
- ``writing/``: phase 3, articles -> whoosh (``writer``; ``parallel``: writer processes).
- ``codec/``: every module that knows whoosh3's on-disk format (bulk segment writer, posting
  blocks, and the read side: posting list and column decoding used by ``search/``).
- ``build``: the orchestrator (``report.IndexReport`` says what a build or add did);
  ``incremental``: ``add`` and ``optimize`` (a new generation sharing the live segments, its
  groups from ``passes/add_grouping``); ``opensearch``: the index as an OpenSearch template + bulk
  files; ``store``: index generations and the atomic swap; ``stats``: what the live index
  holds; ``progress``: the rebuild's progress line.
- ``article``: the ``Article`` record every phase passes on. ``schema`` and ``analysis`` stay at
  this level on purpose: whoosh pickles their class paths into every index. ``headline``: the
  rule marking a headline that only repeats the lead (``search.field_lengths`` applies it).
"""
