"""The statements both tutorials share: the CDC source and the copy, written for the sandbox's PostgreSQL.

`{placeholders}` are filled from the run (`TutorialDatabase.names` plus the Flink table names), so the statements
point at whatever database the tutorial was given, and an attendee sees real, runnable SQL.
"""

from __future__ import annotations

CREATE_SOURCE = """CREATE TABLE {flink_source} (
  id INT,
  product STRING,
  quantity INT,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'postgres-cdc',
  'hostname' = '{pg_host}',
  'port' = '{pg_port}',
  'username' = '{pg_user}',
  'password' = '{pg_password}',
  'database-name' = '{pg_database}',
  'schema-name' = 'public',
  'table-name' = '{source}',
  'slot.name' = '{slot}',
  'decoding.plugin.name' = 'pgoutput',
  'debezium.publication.name' = '{publication}',
  'scan.incremental.snapshot.enabled' = 'true',
  'scan.read-changelog-as-append-only.enabled' = 'true'
)"""

CREATE_COPY = """CREATE TABLE {copy} (
  id INT,
  product STRING,
  quantity INT
) WITH (
  'connector' = 'jdbc',
  'url' = 'jdbc:postgresql://{pg_host}:{pg_port}/{pg_database}',
  'table-name' = '{copy}',
  'username' = '{pg_user}',
  'password' = '{pg_password}'
)"""

INSERT = "INSERT INTO {copy} SELECT * FROM {flink_source}"
VERIFY = "SELECT id, product, quantity FROM {copy}"
