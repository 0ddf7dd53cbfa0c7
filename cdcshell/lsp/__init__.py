"""`cdcshell lsp`: a Language Server that gives any editor the shell's completion, hover and risk checks.

A front end like the REPL and batch mode: it reads documents, asks the same engines (`completion/`, `lint/`)
and answers in the Language Server Protocol. pygls is an optional dependency (`cdcshell[lsp]`), imported only
by `server.py`, so that the conversions in `features.py` are testable without it.
"""
