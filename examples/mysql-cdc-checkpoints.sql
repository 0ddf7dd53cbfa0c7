-- Workshop: a MySQL CDC pipeline that can recover, and the binlog it depends on.
--
--   cdcshell sandbox up --with mysql          # Flink 1.20 + MariaDB 10.11 (ROW binlog, demo schema "shop")
--   cdcshell --sandbox -f examples/mysql-cdc-checkpoints.sql
--
-- It copies the demo table `orders` into `orders_sink` (both in MariaDB) with Flink CDC's mysql-cdc source,
-- two readers in parallel, checkpointing every 2 seconds. Then, at the prompt:
--   \checkpoints mysql-orders --watch       live view; Ctrl-C to leave
--   \stop mysql-orders --savepoint          a planned stop: the savepoint holds the binlog file and position
--   \resume mysql-orders                    back from that position; rows written meanwhile follow
-- The binlog is the only copy of what happened while the job was stopped: if the server purges the file the
-- savepoint points into (binlog_expire_logs_seconds), the resume fails with "...is no longer available on the
-- server". `cdcshell lint --connect` reads the server's retention and its earliest binlog before you resume.

-- 1. Checkpointing, before the job is submitted (the sandbox sets execution.checkpointing.dir).
SET 'execution.checkpointing.interval' = '2s';
SET 'execution.checkpointing.mode' = 'EXACTLY_ONCE';
SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION';
SET 'pipeline.name' = 'mysql-orders';
-- Two parallel readers: the snapshot is split into chunks read side by side, then one reader follows the binlog.
SET 'parallelism.default' = '2';

-- 2. The CDC source. The sandbox's user `cdc` has SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE and
--    REPLICATION CLIENT. Each parallel reader connects as a replica with its own server id, so the range must
--    hold at least as many ids as the parallelism, and no other reader of this server may use them.
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
  'connector' = 'mysql-cdc',
  'hostname' = '127.0.0.1',
  'port' = '13306',
  'username' = 'cdc',
  'password' = 'cdc',
  'database-name' = 'shop',
  'table-name' = 'orders',
  'server-id' = '5400-5403',
  'server-time-zone' = 'UTC',
  -- the snapshot is read in checkpointed chunks without a global read lock
  'scan.incremental.snapshot.enabled' = 'true'
);

-- 3. The sink: keyed, so the JDBC connector writes upserts and rows replayed after a crash overwrite themselves.
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
  'url' = 'jdbc:mysql://127.0.0.1:13306/shop',
  'table-name' = 'orders_sink',
  'username' = 'cdc',
  'password' = 'cdc'
);

-- 4. Submit the job: a snapshot of `orders`, then the binlog from the position the snapshot ended at.
INSERT INTO orders_sink SELECT * FROM orders_cdc;

-- 5. What the cluster says about it.
\jobs
\checkpoints mysql-orders
