"""The local sandbox: a Flink (JobManager, TaskManager, SQL Gateway) and optionally PostgreSQL for CDC.

Nothing is imported here, so `import cdcshell.sandbox` costs nothing on the REPL's start-up path. The Python
API is `cdcshell.sandbox.command` (`up`, `down`, `status`, `restart`, `logs`, `kill`, `start`,
`restart_taskmanager`, `SandboxInfo`), the command line `cdcshell sandbox up|down|status|logs|restart`.

Modules, each with one job: `assemble` (a Flink home from PyPI and Maven Central), `config` (the sandbox's conf
dir), `preflight` and `ports` (Java, ports), `processes` (start/stop by pid), `connectors` (CDC/JDBC jars in a
sandbox-private lib dir), `postgres` (a private PostgreSQL cluster), `lifecycle` (all of it as one thing).
"""
