"""The texts of the PG rules (cdcshell/lint/rules/postgres.py), beside the rules that say them: each rule's
`title`, `rationale` and `fix` (for `\\explain` and docs/rules.md) and its finding messages `message[.variant]`,
English and Simplified Chinese side by side with the same placeholders. Loaded with the `lint` area of the
catalog (cdcshell/i18n/messages/lint.py), never at start-up."""

MESSAGES: dict[str, dict[str, str]] = {
    "lint.PG001.title": {
        "en": "postgres-cdc incremental snapshot: the PostgreSQL table's primary key is unknown or missing",
        "zh": "postgres-cdc 增量快照：PostgreSQL 表的主键未知或缺失",
    },
    "lint.PG001.rationale": {
        "en": "The incremental snapshot splits a table into chunks by the first column of the PostgreSQL "
        "table's primary key (JdbcChunkUtils.getSplitColumn), or by 'scan.incremental.snapshot.chunk.key-column'. "
        "The Flink DDL's PRIMARY KEY plays no part. A table without a primary key fails when the job starts "
        "splitting it. Without --connect the table's key is unknown; with --connect it is read from PostgreSQL.",
        "zh": "增量快照按 PostgreSQL 表主键的第一列（JdbcChunkUtils.getSplitColumn）或 "
        "'scan.incremental.snapshot.chunk.key-column' 把表切分成 chunk，与 Flink DDL 中的 PRIMARY KEY 无关。"
        "没有主键的表会在作业开始切分时失败。不加 --connect 时无法得知表的主键；加上 --connect 会从 PostgreSQL 读取。",
    },
    "lint.PG001.fix": {
        "en": "Give the PostgreSQL table a primary key, or set 'scan.incremental.snapshot.chunk.key-column' to a "
        "NOT NULL column with a unique index (never a nullable column).",
        "zh": "为 PostgreSQL 表加上主键，或把 'scan.incremental.snapshot.chunk.key-column' 设为一个 NOT NULL "
        "且有唯一索引的列（不要用可为空的列）。",
    },
    "lint.PG001.message": {
        "en": "{table} uses the incremental snapshot, which splits by the PostgreSQL table's primary key; "
        "whether that table has one is unknown without --connect (the Flink PRIMARY KEY does not count)",
        "zh": "{table} 使用增量快照，按 PostgreSQL 表的主键切分；不加 --connect 无法得知该表是否有主键"
        "（Flink 的 PRIMARY KEY 不算）",
    },
    "lint.PG002.title": {
        "en": "Replication slot name missing, invalid or shared",
        "zh": "复制槽名称缺失、不合法或被共用",
    },
    "lint.PG002.rationale": {
        "en": "postgres-cdc requires 'slot.name' (planning fails without it). Slot names are unique per "
        "PostgreSQL server, not per database: two tables on the same server with one slot fail with "
        "'replication slot is active for PID ...' as soon as both run. The incremental source also creates "
        "'<slot>_<subtask>' slots while it backfills snapshot chunks, which collide with a table whose own slot "
        "has that name. A slot name may only hold lower-case letters, digits and underscores (at most 63 "
        "characters, with room for the '_<subtask>' suffix).",
        "zh": "postgres-cdc 必须设置 'slot.name'（缺少时规划阶段就会失败）。复制槽名称在整个 PostgreSQL 服务器内唯一，"
        "而不是在单个数据库内：同一服务器上的两个表用同一个槽，同时运行时会报 'replication slot is active for "
        "PID ...'。增量源在回填快照 chunk 时还会创建 '<slot>_<subtask>' 槽，可能与另一个表自己的槽重名。"
        "槽名只能包含小写字母、数字和下划线（最多 63 个字符，还要给 '_<subtask>' 后缀留出位置）。",
    },
    "lint.PG002.fix": {
        "en": "Give every postgres-cdc table on a server its own valid 'slot.name'.",
        "zh": "为同一服务器上的每个 postgres-cdc 表设置各自合法的 'slot.name'。",
    },
    "lint.PG002.message": {
        "en": "{table} uses slot '{slot}' like {other} (same PostgreSQL server): when both run, the second fails "
        "with 'replication slot is active for PID ...'",
        "zh": "{table} 与 {other} 使用同一个复制槽 '{slot}'（同一 PostgreSQL 服务器）：两者同时运行时，后者会以 "
        "'replication slot is active for PID ...' 失败",
    },
    "lint.PG002.message.missing": {
        "en": "{table} has no 'slot.name': postgres-cdc requires it, so planning fails",
        "zh": "{table} 没有设置 'slot.name'：postgres-cdc 要求必须设置，规划阶段就会失败",
    },
    "lint.PG003.title": {"en": "Replication slot used by two jobs", "zh": "复制槽被两个作业使用"},
    "lint.PG003.rationale": {
        "en": "Each INSERT is its own job with its own postgres-cdc reader. Two running jobs cannot share one "
        "slot (slot names are unique per server): the second fails with 'replication slot is active for "
        "PID ...'. Put both INSERTs in one statement set (one job, one reader) or give each job a table with its "
        "own slot.",
        "zh": "每条 INSERT 都是一个独立的作业，各有自己的 postgres-cdc 读取器。两个运行中的作业不能共用一个槽"
        "（槽名在整个服务器内唯一）：后者会以 'replication slot is active for PID ...' 失败。请把两条 INSERT "
        "放进同一个 STATEMENT SET（一个作业、一个读取器），或让每个作业使用带独立槽的表。",
    },
    "lint.PG003.fix": {
        "en": "Use one statement set, or one slot per job.",
        "zh": "使用一个 STATEMENT SET，或每个作业一个槽。",
    },
    "lint.PG003.message": {
        "en": "{table} reads slot '{slot}', already used by the job submitted at line {line}: this job will fail "
        "with 'replication slot is active for PID ...'",
        "zh": "{table} 读取复制槽 '{slot}'，而第 {line} 行提交的作业已在使用它：本作业会以 "
        "'replication slot is active for PID ...' 失败",
    },
    "lint.PG004.title": {
        "en": "UPDATE before-images need REPLICA IDENTITY FULL",
        "zh": "UPDATE 的变更前镜像需要 REPLICA IDENTITY FULL",
    },
    "lint.PG004.rationale": {
        "en": "With 'changelog-mode' = 'all' (the default) every UPDATE is emitted as an UPDATE_BEFORE and an "
        "UPDATE_AFTER row; the before row comes from the WAL record's old tuple, which PostgreSQL only sends in "
        "full under REPLICA IDENTITY FULL. Under DEFAULT (or USING INDEX) an UPDATE that keeps its key has no old "
        "tuple and the source fails on it (PostgresValueValidator), restores, reads it again and fails again. "
        "A DELETE under DEFAULT carries the key, which is enough. 'changelog-mode' = 'upsert' emits no before "
        "rows and needs no FULL identity; only NOTHING (DELETEs without a key) fails there.",
        "zh": "'changelog-mode' = 'all'（默认）时，每个 UPDATE 都会输出 UPDATE_BEFORE 和 UPDATE_AFTER 两行；"
        "UPDATE_BEFORE 来自 WAL 记录中的旧元组，只有 REPLICA IDENTITY FULL 时 PostgreSQL 才会完整发送。"
        "在 DEFAULT（或 USING INDEX）下，不改主键的 UPDATE 没有旧元组，源会在这条记录上失败"
        "（PostgresValueValidator），恢复后再次读到它并再次失败。DEFAULT 下的 DELETE 带有主键，已经足够。"
        "'changelog-mode' = 'upsert' 不输出变更前的行，不需要 FULL；那里只有 NOTHING（DELETE 不带主键）会失败。",
    },
    "lint.PG004.fix": {
        "en": "Run ALTER TABLE ... REPLICA IDENTITY FULL in PostgreSQL before starting the job, or read the table "
        "with 'changelog-mode' = 'upsert' (needs the Flink PRIMARY KEY).",
        "zh": "启动作业前在 PostgreSQL 中执行 ALTER TABLE ... REPLICA IDENTITY FULL，或以 'changelog-mode' = "
        "'upsert' 读取该表（需要 Flink 的 PRIMARY KEY）。",
    },
    "lint.PG004.message": {
        "en": "{table} has REPLICA IDENTITY {identity} and the source reads it with 'changelog-mode' = 'all': "
        "the first UPDATE that keeps its key has no before-image and fails the job again after every restore",
        "zh": "{table} 的 REPLICA IDENTITY 为 {identity}，而源以 'changelog-mode' = 'all' 读取：第一个不改主键的 "
        "UPDATE 没有变更前镜像，作业每次恢复后都会再次失败",
    },
    "lint.PG005.title": {"en": "Role may not replicate", "zh": "角色没有复制权限"},
    "lint.PG005.rationale": {
        "en": "Logical decoding needs a superuser, a role with the REPLICATION attribute, or on Amazon RDS / "
        "Aurora a member of the rds_replication role.",
        "zh": "逻辑解码需要超级用户、具有 REPLICATION 属性的角色，或在 Amazon RDS / Aurora 上属于 rds_replication "
        "角色的成员。",
    },
    "lint.PG005.fix": {
        "en": "Grant REPLICATION to the role (on RDS/Aurora: GRANT rds_replication TO the role).",
        "zh": "为该角色授予 REPLICATION（RDS/Aurora 上：GRANT rds_replication TO 该角色）。",
    },
    "lint.PG005.message": {
        "en": "role '{role}' may not replicate: the source cannot create or read its slot",
        "zh": "角色 '{role}' 没有复制权限：源无法创建或读取复制槽",
    },
    "lint.PG006.title": {"en": "wal_level is not logical", "zh": "wal_level 不是 logical"},
    "lint.PG006.rationale": {
        "en": "Logical replication slots need wal_level = logical, which only takes effect after a restart of "
        "PostgreSQL.",
        "zh": "逻辑复制槽需要 wal_level = logical，且修改后需要重启 PostgreSQL 才生效。",
    },
    "lint.PG006.fix": {
        "en": "Set wal_level to logical and restart PostgreSQL.",
        "zh": "把 wal_level 设置为 logical 并重启 PostgreSQL。",
    },
    "lint.PG006.message": {
        "en": "{target} runs with wal_level = {level}: no logical replication slot can be created",
        "zh": "{target} 的 wal_level = {level}：无法创建逻辑复制槽",
    },
    "lint.PG007.title": {
        "en": "Publication missing, not creatable, or without the table",
        "zh": "发布不存在、无法创建或不包含该表",
    },
    "lint.PG007.rationale": {
        "en": "With 'decoding.plugin.name' = 'pgoutput' the connector reads through a publication "
        "(dbz_publication by default). When it does not exist it is created FOR ALL TABLES, which needs a "
        "superuser; in 'filtered' mode the role must own the tables. An existing publication is used as it is: "
        "a captured table that is not in it never sends a change.",
        "zh": "'decoding.plugin.name' = 'pgoutput' 时连接器通过发布（默认 dbz_publication）读取变更。发布不存在时"
        "会以 FOR ALL TABLES 创建，这需要超级用户；'filtered' 模式下角色必须是这些表的属主。已存在的发布会被原样使用："
        "不在其中的被捕获表永远不会发送变更。",
    },
    "lint.PG007.fix": {
        "en": "Create the publication as a superuser or the tables' owner.",
        "zh": "以超级用户或表属主身份创建发布。",
    },
    "lint.PG007.message": {
        "en": "publication '{publication}' does not exist and role '{role}' may not create it: the job fails "
        "at start",
        "zh": "发布 '{publication}' 不存在，且角色 '{role}' 无权创建：作业会在启动时失败",
    },
    "lint.PG007.message.not_included": {
        "en": "publication '{publication}' exists but does not include {tables}: the connector uses it as it is, "
        "so changes of those tables never arrive",
        "zh": "发布 '{publication}' 已存在，但不包含 {tables}：连接器会原样使用它，这些表的变更永远不会到达",
    },
    "lint.PG008.title": {"en": "Database not reachable for checks", "zh": "无法连接数据库进行检查"},
    "lint.PG008.rationale": {
        "en": "The database checks (replica identity, role, wal_level, publication) could not run.",
        "zh": "数据库检查（replica identity、角色、wal_level、发布）未能执行。",
    },
    "lint.PG008.fix": {
        "en": "Check hostname, port and credentials of the table.",
        "zh": "检查表的 hostname、port 和凭据。",
    },
    "lint.PG008.message": {
        "en": "could not check {table} at {target}: {reason}",
        "zh": "无法检查 {table}（{target}）：{reason}",
    },
    "lint.PG008.message.no_table": {
        "en": "no table of {target} matches the schema-name/table-name of {table}",
        "zh": "{target} 中没有与 {table} 的 schema-name/table-name 匹配的表",
    },
    "lint.PG001.message.connected": {
        "en": "{table} has no primary key in PostgreSQL and no 'scan.incremental.snapshot.chunk.key-column': "
        "the incremental snapshot fails when it starts splitting the table",
        "zh": "{table} 在 PostgreSQL 中没有主键，也没有设置 'scan.incremental.snapshot.chunk.key-column'："
        "增量快照开始切分该表时就会失败",
    },
    "lint.PG002.message.backfill": {
        "en": "{table} (slot '{slot}') and {other} (slot '{other_slot}') collide on the same server: the "
        "incremental source creates '<slot>_<subtask>' slots while it backfills snapshot chunks",
        "zh": "{table}（槽 '{slot}'）与 {other}（槽 '{other_slot}'）在同一服务器上冲突：增量源回填快照 chunk 时会创建 "
        "'<slot>_<subtask>' 槽",
    },
    "lint.PG002.message.invalid": {
        "en": "slot name '{slot}' of {table} is not a valid replication slot name: only lower-case letters, "
        "digits and underscores, at most 59 characters (the connector appends '_<subtask>')",
        "zh": "{table} 的槽名 '{slot}' 不是合法的复制槽名称：只能包含小写字母、数字和下划线，最多 59 个字符"
        "（连接器会追加 '_<subtask>'）",
    },
    "lint.PG004.message.nothing": {
        "en": "{table} has REPLICA IDENTITY NOTHING: UPDATE and DELETE records carry no key at all, so the "
        "first one fails the job again after every restore",
        "zh": "{table} 的 REPLICA IDENTITY 为 NOTHING：UPDATE 和 DELETE 记录完全不带主键，第一条这样的记录就会让作业"
        "每次恢复后再次失败",
    },
    "lint.PG009.title": {"en": "Not enough replication slots", "zh": "复制槽数量不足"},
    "lint.PG009.rationale": {
        "en": "The incremental source holds its own slot and, while it backfills snapshot chunks, one "
        "'<slot>_<subtask>' slot per reader: it needs parallelism + 1 free slots (the legacy source one). "
        "Creating a slot beyond max_replication_slots fails the job.",
        "zh": "增量源占用一个自己的槽，回填快照 chunk 时每个读取器还要一个 '<slot>_<subtask>' 槽：共需并行度 + 1 "
        "个空闲槽（旧版源只需一个）。超出 max_replication_slots 时创建槽失败，作业随之失败。",
    },
    "lint.PG009.fix": {
        "en": "Raise max_replication_slots (restart PostgreSQL) or drop unused slots.",
        "zh": "调大 max_replication_slots（需重启 PostgreSQL），或删除不用的复制槽。",
    },
    "lint.PG009.message": {
        "en": "{table} needs {needed} more replication slots (parallelism {parallelism}), but the server allows "
        "{limit} and {used} are in use",
        "zh": "{table} 还需要 {needed} 个复制槽（并行度 {parallelism}），而服务器最多允许 {limit} 个，已用 {used} 个",
    },
    "lint.PG010.title": {
        "en": "Legacy postgres-cdc source into an append-only sink: duplicates after a restore",
        "zh": "旧版 postgres-cdc 源写入仅追加的 Sink：恢复后出现重复行",
    },
    "lint.PG010.rationale": {
        "en": "After a restore the legacy source (PostgreSQLSource) replays from the LSN of the last completed "
        "checkpoint, so every change emitted after that checkpoint is emitted again. A sink with a primary key "
        "overwrites the repeats; an append-only sink inserts them a second time. Seen in this project's own CI.",
        "zh": "恢复后，旧版源（PostgreSQLSource）从最近一次完成的 Checkpoint 的 LSN 重放，该 Checkpoint 之后输出过的"
        "变更会再输出一次。有主键的 Sink 会覆盖重复的行；仅追加的 Sink 会把它们再插入一次。本项目的 CI 中就出现过。",
    },
    "lint.PG010.fix": {
        "en": "Declare the sink's PRIMARY KEY (upsert), or use a transactional sink (Kafka exactly-once).",
        "zh": "为 Sink 声明 PRIMARY KEY（upsert 写入），或使用事务型 Sink（Kafka exactly-once）。",
    },
    "lint.PG010.message": {
        "en": "{sink} has no primary key and {table} is read by the legacy postgres-cdc source: rows re-delivered "
        "after a restore are written twice",
        "zh": "{sink} 没有主键，而 {table} 由旧版 postgres-cdc 源读取：恢复后重新投递的行会被写入两次",
    },
}
