"""`\\` meta-commands; see `registry`."""
