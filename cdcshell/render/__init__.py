"""Rendering results and messages: tables, changelog streams, plain/CSV/TSV/JSON lines, errors, findings, and
the report views of the cluster (one module per view: `jobs`, `checkpoint_report`, `checkpoint_detail`,
`slots`, all over `columns.format_table`).

Import-free on purpose (the first prompt must not pay for rich): use the modules directly —
`cdcshell.render.output` (make_writer, choose_format, summary_line), `cdcshell.render.messages`
(render_error, render_warning, render_info, render_findings); durations and sizes read as people read them are
`cdcshell.humanize`.
"""
