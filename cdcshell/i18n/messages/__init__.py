"""Message modules, one per area; see `cdcshell.i18n`."""
