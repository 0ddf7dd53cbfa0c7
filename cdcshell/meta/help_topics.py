"""`\\help TOPIC` (checkpoints, savepoints, set, state, cdc, rules, tutorials) and the `\\explain` command.

A workshop attendee asks about a concept, not about a command name: a topic page explains the concept in a few
sentences and then points at everything the shell has for it — the commands (taken from the command registry by
their `topic`), the settings with their defaults (from the catalog of the connected Flink version), the risk
checks, the tutorials. Texts live in `cdcshell/i18n/messages/teaching.py`, so every topic exists in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cdcshell.i18n import t
from cdcshell.meta.context import CommandContext, UsageError
from cdcshell.meta.registry import all_commands, meta_command
from cdcshell.textwidth import cell_width

EXPLAIN_USAGE = "\\explain RULE|KEY"
LINE_WIDTH = 120


@dataclass(frozen=True)
class Topic:
    name: str
    aliases: tuple[str, ...] = ()
    command_topics: tuple[str, ...] = ()  # `MetaCommand.topic` values whose commands the page lists
    commands: tuple[str, ...] = ()  # further commands by name
    keys: tuple[str, ...] = ()  # configuration keys, listed with their defaults
    options: tuple[str, ...] = ()  # connector options
    rule_prefixes: tuple[str, ...] = ()  # rule codes starting with these ("CK", "PG"); ("",) means all
    rule_codes: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    tutorials: bool = False

    @property
    def title_key(self) -> str:
        return f"teach.topic.{self.name}.title"

    @property
    def body_key(self) -> str:
        return f"teach.topic.{self.name}.body"


TOPICS: tuple[Topic, ...] = (
    Topic(
        "checkpoints",
        aliases=("checkpoint", "checkpointing", "ckpt", "检查点"),
        command_topics=("checkpoints",),
        keys=(
            "execution.checkpointing.interval",
            "execution.checkpointing.mode",
            "execution.checkpointing.dir",
            "execution.checkpointing.timeout",
            "execution.checkpointing.min-pause",
            "execution.checkpointing.tolerable-failed-checkpoints",
            "execution.checkpointing.externalized-checkpoint-retention",
            "execution.checkpointing.num-retained",
        ),
        rule_prefixes=("CK",),
        rule_codes=("KF001",),
        see_also=("savepoints", "state", "cdc", "tutorials"),
        tutorials=True,
    ),
    Topic(
        "savepoints",
        aliases=("savepoint", "restore", "resume", "recovery", "stop", "保存点", "恢复"),
        commands=("stop", "savepoint", "resume", "jobs"),
        keys=(
            "execution.state-recovery.path",
            "execution.state-recovery.claim-mode",
            "execution.state-recovery.ignore-unclaimed-state",
            "execution.checkpointing.savepoint-dir",
            "execution.checkpointing.externalized-checkpoint-retention",
        ),
        rule_codes=("CK003", "CK007"),
        see_also=("checkpoints", "tutorials"),
        tutorials=True,
    ),
    Topic(
        "set",
        aliases=("reset", "config", "configuration", "settings", "keys", "配置"),
        commands=("explain",),
        keys=("pipeline.name", "execution.runtime-mode", "parallelism.default"),
        rule_prefixes=("CFG",),
        see_also=("checkpoints", "state", "rules"),
    ),
    Topic(
        "state",
        aliases=("state-backend", "ttl", "状态"),
        keys=(
            "state.backend.type",
            "execution.checkpointing.incremental",
            "execution.checkpointing.storage",
            "table.exec.state.ttl",
            "restart-strategy.type",
        ),
        see_also=("checkpoints", "set"),
    ),
    Topic(
        "cdc",
        aliases=("postgres", "postgresql", "postgres-cdc", "wal", "slot", "slots", "replication"),
        commands=("slots",),
        options=(
            "slot.name",
            "decoding.plugin.name",
            "scan.startup.mode",
            "scan.incremental.snapshot.enabled",
            "heartbeat.interval.ms",
            "scan.lsn-commit.checkpoints-num-delay",
        ),
        rule_prefixes=("PG", "MY", "MDB"),
        rule_codes=("CK001", "CK006"),
        see_also=("checkpoints", "tutorials"),
        tutorials=True,
    ),
    Topic(
        "rules",
        aliases=("lint", "checks", "findings", "规则"),
        commands=("explain",),
        rule_prefixes=("",),
        see_also=("set", "checkpoints"),
    ),
    Topic(
        "tutorials",
        aliases=("tutorial", "workshop", "教程"),
        commands=("tutorial",),
        tutorials=True,
        see_also=("checkpoints", "cdc"),
    ),
    Topic("commands", aliases=("all", "命令"), command_topics=("*",)),
)


def find_topic(name: str) -> Topic | None:
    low = name.strip().lower().lstrip("\\")
    for topic in TOPICS:
        if low == topic.name or low in topic.aliases:
            return topic
    return None


def topic_names() -> list[str]:
    return [topic.name for topic in TOPICS]


def topics_line(lang: str | None = None) -> str:
    """The one line `\\help` ends with, so that topics can be found without knowing they exist."""
    return t("teach.help.topics", lang, topics=", ".join(topic_names()))


def _commands_of(topic: Topic) -> list[Any]:
    chosen = []
    for cmd in all_commands():
        if "*" in topic.command_topics or cmd.topic in topic.command_topics or cmd.name in topic.commands:
            chosen.append(cmd)
    return chosen


def _rules_of(topic: Topic) -> list[Any]:
    from cdcshell.lint.registry import all_rules

    return [
        rule
        for code, rule in all_rules().items()
        if code in topic.rule_codes or any(code.startswith(p) for p in topic.rule_prefixes)
    ]


def _default_of(key: str, flink_version: str, *, option: bool, lang: str | None) -> str | None:
    from cdcshell.lint.engine import catalog_for

    catalog = catalog_for(flink_version)
    if option:
        preferred = ("postgres-cdc", "mysql-cdc", "mongodb-cdc")
        for name in sorted(
            catalog.connectors,
            key=lambda n: (n not in preferred, preferred.index(n) if n in preferred else 0, n),
        ):
            info = catalog.connectors[name].options.get(key)
            if info is not None:
                return info.default
        return None
    info = catalog.lookup(key)
    return info.default if info is not None else None


def _first_sentence(text: str) -> str:
    for stop in ("。", ". ", "："):
        head, sep, _ = text.partition(stop)
        if sep and len(head) < 160:
            return head + ("。" if stop == "。" else "." if stop == ". " else "")
    return text


def _ljust(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_width(text))


def _clip(line: str, width: int) -> str:
    """One line of a table, cut with an ellipsis: the full text is one `\\explain` away."""
    if cell_width(line) <= width:
        return line
    out = ""
    for ch in line:
        if cell_width(out + ch) > width - 1:
            break
        out += ch
    return out.rstrip() + "…"


def render_topic(topic: Topic, *, flink_version: str = "1.20", lang: str | None = None) -> str:
    """The text of a topic page; plain text, so it reads the same in a terminal, a script's output and a
    transcript."""
    from cdcshell.lint.explainer import _wrapped, has_note

    out: list[str] = [t(topic.title_key, lang), ""]
    for paragraph in t(topic.body_key, lang).split("\n\n"):
        out.append(_wrapped(paragraph, "", 100))
        out.append("")
    commands = _commands_of(topic)
    if commands:
        width = max(len(c.usage) for c in commands)
        out.append(t("teach.help.commands", lang))
        out.extend(f"  {c.usage.ljust(width)}  {t(c.help_key, lang)}" for c in commands)
        out.append("")
    for heading, keys, option in (
        ("teach.help.settings", topic.keys, False),
        ("teach.help.options", topic.options, True),
    ):
        if not keys:
            continue
        out.append(t(heading, lang))
        width = max(len(k) for k in keys)
        defaults = {k: _default_of(k, flink_version, option=option, lang=lang) for k in keys}
        shown = {k: t("teach.help.default", lang, default=d) if d else "" for k, d in defaults.items()}
        dwidth = max(cell_width(v) for v in shown.values())
        for key in keys:
            about = _first_sentence(t(f"teach.key.{key}", lang)) if has_note(key) else ""
            line = f"  {key.ljust(width)}  {_ljust(shown[key], dwidth)}  {about}".rstrip()
            out.append(_clip(line, LINE_WIDTH))
        out.append("")
    rules = _rules_of(topic) if (topic.rule_prefixes or topic.rule_codes) else []
    if rules:
        out.append(t("teach.help.rules", lang))
        out.extend(f"  {r.code:<7} {t(f'lint.{r.code}.title', lang)}" for r in rules)
        out.append("")
    if topic.tutorials:
        listed = _tutorial_lines(lang)
        if listed:
            out.append(t("teach.help.tutorials", lang))
            out.extend(listed)
            out.append("")
    if topic.see_also:
        out.append(t("teach.help.see_also", lang, topics=", ".join(f"\\help {n}" for n in topic.see_also)))
    return "\n".join(out).rstrip()


def _tutorial_lines(lang: str | None) -> list[str]:
    try:
        from cdcshell.tutorials import all_tutorials
    except ImportError:
        return []
    tutorials = all_tutorials()
    if not tutorials:
        return []
    width = max(len(name) for name in tutorials)
    return [f"  {name.ljust(width)}  {t(tut.title_key, lang)}" for name, tut in tutorials.items()]


def help_for(name: str, *, flink_version: str = "1.20", lang: str | None = None) -> str | None:
    """The page of topic `name` (or one of its aliases), or None: `\\help` then tries commands, rules, keys."""
    topic = find_topic(name)
    return render_topic(topic, flink_version=flink_version, lang=lang) if topic is not None else None


# ---------------------------------------------------------------------------------------------- \explain
@meta_command("explain", usage=EXPLAIN_USAGE, help_key="teach.explain.help", topic="help")
def explain_command(ctx: CommandContext, args: str) -> int:
    from cdcshell.lint.explainer import explain, suggestions

    ref = args.strip().split()[0] if args.strip() else ""
    if not ref:
        raise UsageError(t("teach.explain.usage"))
    version = ctx.flink_version
    text = explain(ref, flink_version=version)
    if text:
        ctx.print(text)
        return 0
    hint_parts = []
    close = suggestions(ref, version)
    if close:
        hint_parts.append(t("teach.explain.did_you_mean", names=", ".join(close)))
    hint_parts.append(t("teach.explain.unknown_hint"))
    ctx.error(t("teach.explain.unknown", ref=ref, version=version), hint=" ".join(hint_parts))
    return 1
