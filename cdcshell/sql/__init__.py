"""SQL text tools: work on statement text without a SQL parser, so they also handle half-typed input.

- `splitter`: statements and their source positions (`split`, `split_chunks`, `is_complete`).
- `kinds`: what a statement is (`classify`, `parse_set`, `parse_reset`, `submits_job`, ...).
- `secrets`: hide secret option values, URL passwords and `password=` pairs before text is stored or shown.
- `lexer`: Pygments highlighting (`FlinkSqlLexer`, alias `flinksql`).

Nothing is imported here, so that importing one tool (e.g. the splitter at start-up) does not load the others.
"""
