"""The texts of the query-level rules (cdcshell/lint/rules/query.py), beside the rules that say them."""

MESSAGES: dict[str, dict[str, str]] = {
    "lint.QRY001.title": {"en": "State that grows without bound", "zh": "无限增长的状态"},
    "lint.QRY001.rationale": {
        "en": "A regular join keeps every row of both inputs, and a GROUP BY outside a window every group, for as "
        "long as the job runs unless 'table.exec.state.ttl' is set (default 0: forever). Over CDC changelogs that "
        "is the whole history of the tables, so every checkpoint grows with them until the state backend or the "
        "disk gives out. A TTL drops the state of keys not touched for that long: an update to such a key later "
        "gives a wrong result, so pick a TTL longer than any key stays unchanged, or use an interval, temporal or "
        "lookup join, or a window.",
        "zh": "常规 JOIN 会在作业运行期间保留两侧输入的每一行，窗口之外的 GROUP BY 会保留每一个分组，除非设置了 "
        "'table.exec.state.ttl'（默认 0：永久保留）。对 CDC 变更流而言，这就是表的全部历史，每个 Checkpoint 都随之"
        "变大，直到状态后端或磁盘耗尽。TTL 会清除在这段时间内未被访问的键的状态：之后这些键再有更新，结果就会出错。"
        "因此 TTL 要长于任何键保持不变的时间，或者改用 Interval Join、时态 Join、Lookup Join 或窗口。",
    },
    "lint.QRY001.fix": {
        "en": "Set 'table.exec.state.ttl' longer than any key stays unchanged, or bound the state (interval, "
        "temporal or lookup join, window).",
        "zh": "把 'table.exec.state.ttl' 设为长于任何键保持不变的时间，或限制状态的范围（Interval Join、时态 Join、"
        "Lookup Join、窗口）。",
    },
    "lint.QRY001.message.join": {
        "en": "a regular join over the changelog of {table} without 'table.exec.state.ttl' keeps every row of "
        "both inputs forever: every checkpoint grows with the tables",
        "zh": "对 {table} 的变更流做常规 JOIN 且未设置 'table.exec.state.ttl'：两侧的每一行都会永久保留，每个 "
        "Checkpoint 都随表的增长而变大",
    },
    "lint.QRY001.message.group_by": {
        "en": "a GROUP BY outside a window over the changelog of {table} without 'table.exec.state.ttl' keeps "
        "every group forever: every checkpoint grows with the table",
        "zh": "对 {table} 的变更流做窗口之外的 GROUP BY 且未设置 'table.exec.state.ttl'：每个分组都会永久保留，每个 "
        "Checkpoint 都随表的增长而变大",
    },
    "lint.QRY002.title": {
        "en": "Changelog written to an append-only sink",
        "zh": "变更流写入仅追加的 Sink",
    },
    "lint.QRY002.rationale": {
        "en": "A CDC source, a GROUP BY outside a window or an outer join produces updates and deletes; kafka and "
        "filesystem with a plain format and JDBC without a primary key only take inserts. Flink refuses the "
        "statement at submit with \"Table sink '...' doesn't support consuming update changes which is produced "
        "by node ...\". When connected, the planner's own EXPLAIN CHANGELOG_MODE answer is used.",
        "zh": "CDC 源、窗口之外的 GROUP BY 或外连接会产生更新和删除；使用普通格式的 kafka、filesystem 以及没有主键的 "
        "JDBC 只接受插入。Flink 会在提交时以 \"Table sink '...' doesn't support consuming update changes which is "
        'produced by node ..." 拒绝该语句。连接时以 planner 自己的 EXPLAIN CHANGELOG_MODE 结果为准。',
    },
    "lint.QRY002.fix": {
        "en": "Write to a sink that takes updates (upsert-kafka, JDBC with a PRIMARY KEY, a changelog format such "
        "as debezium-json), or read the source with 'scan.read-changelog-as-append-only.enabled' = 'true'.",
        "zh": "写入能接受更新的 Sink（upsert-kafka、带 PRIMARY KEY 的 JDBC、debezium-json 等变更流格式），或以 "
        "'scan.read-changelog-as-append-only.enabled' = 'true' 读取源表。",
    },
    "lint.QRY002.message": {
        "en": "{sink} only takes inserts, but {source} produces updates and deletes: Flink refuses the statement "
        "at submit",
        "zh": "{sink} 只接受插入，而 {source} 会产生更新和删除：Flink 会在提交时拒绝该语句",
    },
    "lint.QRY002.message.planner": {
        "en": "the planner says {sink} would receive updates it cannot take: {reason}",
        "zh": "Flink 的 planner（EXPLAIN CHANGELOG_MODE）判定 {sink} 会收到它无法处理的更新：{reason}",
    },
    "lint.QRY003.title": {
        "en": "Resuming from a savepoint of another query or Flink version",
        "zh": "从另一个查询或 Flink 版本的 Savepoint 恢复",
    },
    "lint.QRY003.rationale": {
        "en": "A SQL job's operator uids come from its optimized plan. Another query, or another Flink version "
        "that plans it differently, gives operators the savepoint's state cannot be mapped to: the restore fails, "
        "or with 'execution.state-recovery.ignore-unclaimed-state' = 'true' (allowNonRestoredState) those "
        "operators start empty — a CDC source reads its tables again from the start, an aggregation counts from "
        "zero. COMPILE PLAN and EXECUTE PLAN keep a plan, and its uids, fixed across a Flink upgrade.",
        "zh": "SQL 作业的算子 uid 来自优化后的执行计划。换了查询，或换了会以不同方式规划它的 Flink 版本，Savepoint 中的"
        "状态就无法对应到新的算子：恢复会失败；若设置 'execution.state-recovery.ignore-unclaimed-state' = 'true'"
        "（allowNonRestoredState），这些算子会从空状态开始——CDC 源从头重新读取表，聚合从零开始计数。COMPILE PLAN 和 "
        "EXECUTE PLAN 可以在 Flink 升级时固定执行计划及其 uid。",
    },
    "lint.QRY003.fix": {
        "en": "Resume with the query the savepoint was taken from (upgrade Flink through COMPILE PLAN / EXECUTE "
        "PLAN), or accept the loss explicitly with 'execution.state-recovery.ignore-unclaimed-state' = 'true'.",
        "zh": "用生成该 Savepoint 的同一查询恢复（升级 Flink 时使用 COMPILE PLAN / EXECUTE PLAN），或明确接受状态丢失，"
        "设置 'execution.state-recovery.ignore-unclaimed-state' = 'true'。",
    },
    "lint.QRY003.message": {
        "en": "{path} was taken from another query ({then}): its state cannot be mapped to this plan's operators "
        "and the restore fails",
        "zh": "{path} 来自另一个查询（{then}）：其状态无法对应到本执行计划的算子，恢复会失败",
    },
    "lint.QRY003.message.lost": {
        "en": "{path} was taken from another query ({then}) and unclaimed state is ignored: the operators it "
        "cannot map start empty (a CDC source reads its tables again, aggregations restart from zero)",
        "zh": "{path} 来自另一个查询（{then}），且忽略无法对应的状态：这些算子会从空状态开始（CDC 源重新读取表，"
        "聚合从零开始）",
    },
    "lint.QRY003.message.version": {
        "en": "{path} was taken on Flink {then}, this is Flink {now}: a plan that differs gives other operator uids; "
        "resume through COMPILE PLAN / EXECUTE PLAN",
        "zh": "{path} 是在 Flink {then} 上生成的，当前为 Flink {now}：执行计划不同会得到不同的算子 uid；请通过 "
        "COMPILE PLAN / EXECUTE PLAN 恢复",
    },
}
