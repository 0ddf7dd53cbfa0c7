"""cdcshell: an interactive shell for Apache Flink SQL, for people whose CDC pipelines must checkpoint.

Kept import-free on purpose: `cdcshell --version` and the first prompt must not pay for httpx, rich or sqlglot.
"""

__version__ = "0.1.0"
