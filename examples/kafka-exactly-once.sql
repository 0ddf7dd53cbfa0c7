-- Workshop: PostgreSQL changes into Kafka exactly once, and a second job reading them back.
--
--   cdcshell sandbox up --with postgres,kafka   # Flink 1.20 + PostgreSQL + a Kafka 4 broker on 127.0.0.1:19092
--   cdcshell --sandbox -f examples/kafka-exactly-once.sql
--
-- The first job writes every change of `customers` to the topic `shop.customers` inside Kafka transactions
-- that commit when a checkpoint completes; a consumer reading with isolation.level=read_committed sees each
-- change once, across a \stop --savepoint / \resume and across a crash. The second job reads the topic; its
-- offsets live in its checkpoints, so after a \stop --savepoint and \resume it carries on where it stopped.
-- Watch the topic as a consumer would (from the sandbox's broker jars):
--   java -cp "$HOME/.cache/cdcshell/kafka/4.1.1/libs/*" org.apache.kafka.tools.consumer.ConsoleConsumer \
--     --bootstrap-server 127.0.0.1:19092 --topic shop.customers --from-beginning --isolation-level read_committed

SET 'execution.checkpointing.interval' = '5s';
SET 'execution.checkpointing.mode' = 'EXACTLY_ONCE';
SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION';

CREATE TABLE customers_cdc (
  id INT,
  name STRING,
  email STRING,
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
  'table-name' = 'customers',
  'slot.name' = 'flink_customers_kafka',
  'decoding.plugin.name' = 'pgoutput',
  'scan.incremental.snapshot.enabled' = 'true'
);

-- Exactly-once needs three things: the delivery guarantee, a transactional id prefix no other job uses on this
-- broker, and a transaction timeout the broker accepts. Flink's default is 1 hour; the broker's
-- transaction.max.timeout.ms defaults to 15 minutes, and a job above it fails at its first transaction with
-- "The transaction timeout is larger than the maximum value allowed by the broker
-- (as configured by transaction.max.timeout.ms)". It must also outlast the longest stop you plan: a
-- transaction left open by a stopped job is aborted by the broker after this timeout.
CREATE TABLE customers_topic (
  id INT,
  name STRING,
  email STRING,
  created_at TIMESTAMP(3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'shop.customers',
  'properties.bootstrap.servers' = '127.0.0.1:19092',
  'format' = 'debezium-json',
  'sink.delivery-guarantee' = 'exactly-once',
  'sink.transactional-id-prefix' = 'cdcshell-customers',
  'properties.transaction.timeout.ms' = '600000'
);

SET 'pipeline.name' = 'customers-to-kafka';
INSERT INTO customers_topic SELECT * FROM customers_cdc;

-- The second job: the topic's committed changes, counted per customer and printed to the TaskManager's log.
CREATE TABLE customers_changes (
  id INT,
  name STRING,
  email STRING,
  created_at TIMESTAMP(3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'shop.customers',
  'properties.bootstrap.servers' = '127.0.0.1:19092',
  'properties.group.id' = 'cdcshell-workshop',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'debezium-json'
);
CREATE TABLE changes_print (id INT, changes BIGINT) WITH ('connector' = 'print');

SET 'pipeline.name' = 'customers-from-kafka';
INSERT INTO changes_print SELECT id, COUNT(*) AS changes FROM customers_changes GROUP BY id;

\jobs
