"""The texts of the query-level rules (cdcshell/lint/rules/query.py), beside the rules that say them."""

MESSAGES: dict[str, dict[str, str]] = {}
