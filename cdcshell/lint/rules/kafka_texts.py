"""The texts of the KF rules (cdcshell/lint/rules/kafka.py), beside the rules that say them: each rule's
`title`, `rationale` and `fix` (for `\\explain` and docs/rules.md) and its finding messages `message[.variant]`,
English and Simplified Chinese side by side with the same placeholders. Loaded with the `lint` area of the
catalog (cdcshell/i18n/messages/lint.py), never at start-up."""

MESSAGES: dict[str, dict[str, str]] = {
    "lint.KF001.title": {
        "en": "Exactly-once Kafka sink without checkpointing",
        "zh": "exactly-once 的 Kafka sink 未开启 Checkpoint",
    },
    "lint.KF001.rationale": {
        "en": "An exactly-once Kafka sink writes in transactions committed on checkpoints: without checkpoints "
        "nothing is ever committed and read_committed consumers see nothing.",
        "zh": "exactly-once 的 Kafka sink 在事务中写入，并在 Checkpoint 时提交：没有 Checkpoint 就永远不会提交，"
        "read_committed 的消费者什么也看不到。",
    },
    "lint.KF001.fix": {"en": "Turn checkpointing on.", "zh": "开启 Checkpoint。"},
    "lint.KF001.message": {
        "en": "{table} is an exactly-once Kafka sink but checkpointing is off: no transaction is ever committed",
        "zh": "{table} 是 exactly-once 的 Kafka sink，但 Checkpoint 未开启：事务永远不会提交",
    },
    "lint.KF002.title": {
        "en": "Exactly-once Kafka sink without transactional id prefix",
        "zh": "exactly-once 的 Kafka sink 没有事务 id 前缀",
    },
    "lint.KF002.rationale": {
        "en": "The Kafka connector requires 'sink.transactional-id-prefix' for exactly-once delivery, unique per "
        "job writing to the cluster: a producer that starts with another job's transactional id fences that job's producer off (invalidates it), and its open transactions are aborted.",
        "zh": "exactly-once 投递要求设置 'sink.transactional-id-prefix'，且每个写入该集群的作业各不相同，"
        "否则一个作业的生产者会使另一个作业的生产者失效（fence），导致其事务被中止。",
    },
    "lint.KF002.fix": {
        "en": "Set a transactional id prefix unique to this job.",
        "zh": "设置本作业唯一的事务 id 前缀。",
    },
    "lint.KF002.message": {
        "en": "{table} uses exactly-once delivery without 'sink.transactional-id-prefix': the connector rejects it",
        "zh": "{table} 使用 exactly-once 投递但没有 'sink.transactional-id-prefix'：连接器会拒绝",
    },
    "lint.KF003.title": {
        "en": "Kafka exactly-once: transaction timeout",
        "zh": "Kafka exactly-once：事务超时",
    },
    "lint.KF003.rationale": {
        "en": "An exactly-once Kafka sink writes in transactions committed on checkpoints. Without "
        "'properties.transaction.timeout.ms' it asks for 1 h (KafkaSinkBuilder), above the broker's default "
        "transaction.max.timeout.ms of 15 min: the producer cannot start and the job fails at once. The timeout "
        "must also outlast the longest checkpoint plus a restart, or the broker aborts transactions Flink still "
        "means to commit. Consumers of the topic need isolation.level = read_committed, or they read uncommitted "
        "and aborted rows.",
        "zh": "exactly-once 的 Kafka Sink 以事务写入，事务在 Checkpoint 时提交。未设置 'properties.transaction.timeout.ms' "
        "时它会请求 1 小时（KafkaSinkBuilder），超过 broker 默认的 transaction.max.timeout.ms（15 分钟）："
        "生产者无法启动，作业立即失败。该超时还必须长于最长的 Checkpoint 加一次重启的时间，否则 broker 会中止 "
        "Flink 仍要提交的事务。读取该 topic 的消费者需要设置 isolation.level = read_committed，否则会读到未提交和已中止的数据。",
    },
    "lint.KF003.fix": {
        "en": "Set 'properties.transaction.timeout.ms' at most to the broker's transaction.max.timeout.ms and "
        "above the longest checkpoint plus restart time (raise the broker's limit if needed).",
        "zh": "把 'properties.transaction.timeout.ms' 设为不超过 broker 的 transaction.max.timeout.ms，且长于最长的 "
        "Checkpoint 加重启时间（必要时调高 broker 的上限）。",
    },
    "lint.KF003.message": {
        "en": "{table} asks Kafka for a transaction timeout of {timeout}, above the broker's "
        "transaction.max.timeout.ms ({ceiling}; 15 min unless the broker sets it): the producer fails at start",
        "zh": "{table} 向 Kafka 请求 {timeout} 的事务超时，超过 broker 的 transaction.max.timeout.ms（{ceiling}；"
        "broker 未设置时为 15 分钟）：生产者启动时就会失败",
    },
    "lint.KF003.message.short": {
        "en": "{table}: the transaction timeout {timeout} is shorter than a checkpoint may take ({needed}): the "
        "broker aborts transactions Flink still means to commit, and their rows are lost",
        "zh": "{table}：事务超时 {timeout} 短于一次 Checkpoint 可能需要的时间（{needed}）：broker 会中止 Flink "
        "仍要提交的事务，其中的数据会丢失",
    },
}
