-- Workshop: a PostgreSQL CDC pipeline that can recover, and how to see that it can.
--
--   cdcshell sandbox up --with postgres       # Flink 1.20 + PostgreSQL (wal_level=logical, demo schema "shop")
--   cdcshell --sandbox -f examples/postgres-cdc-checkpoints.sql
--
-- It copies the demo table `orders` into `orders_sink` with Flink CDC, checkpointing every 2 seconds, and shows
-- the job's checkpoints. Then, at the prompt:
--   \checkpoints orders-to-sink --watch           live view; Ctrl-C to leave
--   \stop orders-to-sink --savepoint              a planned stop: every row so far is in the savepoint
--   \resume orders-to-sink                        back from where it stopped; rows written meanwhile follow
--   \slots                                        the replication slot the job reads, and the WAL it holds

-- 1. Checkpointing, before the job is submitted: these are read when the INSERT is.
--    Every 2 s, exactly-once; the sandbox already sets execution.checkpointing.dir (file:// in its directory).
SET 'execution.checkpointing.interval' = '2s';
SET 'execution.checkpointing.mode' = 'EXACTLY_ONCE';
-- Keep the latest checkpoint when the job is cancelled, so it can be resumed from even without a savepoint.
SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION';
-- A name to find the job by in \jobs, \checkpoints, \stop and \resume.
SET 'pipeline.name' = 'orders-to-sink';

-- 2. The CDC source. The sandbox's role `cdc` has REPLICATION; `orders` has REPLICA IDENTITY FULL and is in the
--    publication `dbz_publication`. The slot is created by the job and survives it: see \slots.
CREATE TABLE orders_cdc (
  id INT,
  customer_id INT,
  product STRING,
  quantity INT,
  price DECIMAL(10, 2),
  status STRING,
  created_at TIMESTAMP(3),
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'postgres-cdc',
  'hostname' = '127.0.0.1',
  'port' = '15432',
  'username' = 'cdc',
  'password' = 'cdc',
  'database-name' = 'shop',
  'schema-name' = 'public',
  'table-name' = 'orders',
  'slot.name' = 'flink_orders',
  'decoding.plugin.name' = 'pgoutput',
  -- the snapshot is read in chunks that are checkpointed too, so a big table's first read survives a failure
  'scan.incremental.snapshot.enabled' = 'true'
);

-- 3. The sink: a table with a primary key, so the JDBC connector writes upserts. Rows replayed after a crash
--    (from the last checkpoint on) overwrite themselves instead of appearing twice.
CREATE TABLE orders_sink (
  id INT,
  customer_id INT,
  product STRING,
  quantity INT,
  price DECIMAL(10, 2),
  status STRING,
  created_at TIMESTAMP(3),
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = 'jdbc:postgresql://127.0.0.1:15432/shop',
  'table-name' = 'orders_sink',
  'username' = 'cdc',
  'password' = 'cdc'
);

-- 4. Submit the job: it reads a snapshot of `orders`, then follows the WAL.
INSERT INTO orders_sink SELECT * FROM orders_cdc;

-- 5. What the cluster says about it: the configuration in force and the checkpoints so far (the first one
--    completes about 2 s after the job starts; run \checkpoints again, or --watch at the prompt).
\jobs
\checkpoints orders-to-sink

-- 6. The replication slot the job reads from. While a slot has no reader, PostgreSQL keeps all WAL since it:
--    after the workshop, `\stop` the job and drop the slot with the statement \slots prints.
\slots
