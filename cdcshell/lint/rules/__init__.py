"""lint/rules."""
