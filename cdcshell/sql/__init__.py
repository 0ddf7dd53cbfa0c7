"""The SQL text layer: the only place that reads SQL text. No SQL parser, so half-typed input works too.

- `tokens`: the one tokenizer (Flink's lexical rules: `--`/`//` comments, `/*+ hints */`, quoting) with offsets.
- `splitter`: statements and their source positions (`split`, `split_chunks`, `is_complete`).
- `kinds`: what a statement is, from its first words (`classify`, `submits_job`, `session_state_changing`,
  `leading_terms`), and a CREATE's TEMPORARY form (`temporary_form`, for `\\resume`).
- `facts`: what a statement says (`parse_set`, `parse_reset`, `parse_statement` -> TableDef/JobDef/...,
  `object_ref`), for lint, the session journal and `\\slots`.
- `tables`: the one `TableRef`, option lists, every `'key' = 'value'` with offsets (`quoted_pairs`, the secret
  slots of `\\resume`) and the tables a query reads (`source_refs`).
- `context`: where the completion cursor is, in SQL terms (`analyze`, `statement_bounds`).
- `lexer`: Pygments highlighting (`FlinkSqlLexer`), coloured tokens of `tokens`, with a built-in keyword list
  (`cdcshell.highlight` adds the catalog's keywords and is the `flinksql` Pygments plugin).
- `query`: query-level facts read with sqlglot (joins, aggregations, sources and sinks), for lint only.
- `script`: a script file read, decoded and split with `file:line:col` errors, and its statement loop (`-f`, `\\i`).

Nothing is imported here, so that importing one tool (e.g. the splitter at start-up) does not load the others.
Layering inside: `tokens` <- `tables` <- `facts`; `tokens` <- `splitter`, `kinds`, `context`, `lexer`.
"""
