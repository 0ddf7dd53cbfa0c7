"""Rendering results and messages: tables, changelog streams, plain/CSV/TSV/JSON lines, errors, findings.

Import-free on purpose (the first prompt must not pay for rich): use the modules directly —
`cdcshell.render.output` (make_writer, choose_format, summary_line), `cdcshell.render.messages`
(render_error, render_warning, render_info, render_findings) and `cdcshell.render.humanize`
(format_duration, format_bytes, format_timestamp).
"""
