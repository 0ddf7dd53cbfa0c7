"""Completion: picks a source by cursor context; live metadata cached and refreshed in the background.

`engine.complete_text` and `engine.CompletionEngine` need no prompt_toolkit; `completer.FlinkCompleter` is the
REPL's prompt_toolkit completer; `metadata.MetadataCache` the background cache of the live gateway's names.
"""
