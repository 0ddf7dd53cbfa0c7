"""The SQL text layer: the only place that reads SQL text. No SQL parser, so half-typed input works too.

- `tokens`: the one tokenizer (Flink's lexical rules: `--`/`//` comments, `/*+ hints */`, quoting) with offsets.
- `splitter`: statements and their source positions (`split`, `split_chunks`, `is_complete`).
- `kinds`: what a statement is, from its first words (`classify`, `submits_job`, `session_state_changing`).
- `facts`: what a statement says (`parse_set`, `parse_reset`, `parse_statement` -> TableDef/JobDef/...,
  `object_ref`), for lint, the session journal and `\\slots`.
- `tables`: the one `TableRef`, option lists and the tables a query reads (`source_refs`).
- `context`: where the completion cursor is, in SQL terms (`analyze`, `statement_bounds`).
- `lexer`: Pygments highlighting (`FlinkSqlLexer`), coloured tokens of `tokens`, with a built-in keyword list
  (`cdcshell.highlight` adds the catalog's keywords and is the `flinksql` Pygments plugin).
- `secrets`: hide secret option values, URL passwords and `password=` pairs before text is stored or shown.
- `script`: a script file read, decoded and split with `file:line:col` errors, and its statement loop (`-f`, `\\i`).

Nothing is imported here, so that importing one tool (e.g. the splitter at start-up) does not load the others.
Layering inside: `tokens` <- `tables` <- `facts`; `tokens` <- `splitter`, `kinds`, `context`, `lexer`.
"""
