"""The shell's own commands: help, quit, timing, connect, trace, format, language."""

from __future__ import annotations

from cdcshell.i18n import set_language, t
from cdcshell.meta.context import CommandContext, UsageError
from cdcshell.meta.registry import all_commands, find, meta_command


def _usage_error(usage: str) -> Exception:
    return UsageError(t("shell.meta_usage", usage=usage))


@meta_command("?", usage="\\? [COMMAND]", help_key="meta.help.help", aliases=("help", "h"))
def help_command(ctx: CommandContext, args: str) -> int:
    if args:
        topic = args.split()[0]
        from cdcshell.meta.help_topics import help_for

        page = help_for(topic, flink_version=ctx.flink_version)
        if page:
            ctx.print(page)
            return 0
        cmd = find(topic)
        if cmd is not None:
            ctx.print(f"{cmd.usage}\n    {t(cmd.help_key)}")
            return 0
        text: str | None = None
        try:
            from cdcshell.lint import explain
        except ImportError:
            pass
        else:
            text = explain(topic)
        if text:
            ctx.print(text)
            return 0
        ctx.error(t("meta.help.unknown_topic", topic=topic))
        return 1
    width = max(len(c.usage) for c in all_commands())
    ctx.print(t("meta.help.header"))
    for cmd in all_commands():
        ctx.print(f"  {cmd.usage.ljust(width)}  {t(cmd.help_key)}")
    ctx.print(t("meta.help.footer"))
    from cdcshell.meta.help_topics import topics_line

    ctx.print(topics_line())
    return 0


@meta_command("q", usage="\\q", help_key="meta.help.quit", aliases=("quit", "exit"))
def quit_command(ctx: CommandContext, args: str) -> int:
    ctx.running = False
    return 0


@meta_command("timing", usage="\\timing [on|off]", help_key="meta.help.timing")
def timing_command(ctx: CommandContext, args: str) -> int:
    arg = args.strip().lower()
    if arg in ("on", "true", "1"):
        ctx.timing = True
    elif arg in ("off", "false", "0"):
        ctx.timing = False
    elif not arg:
        ctx.timing = not ctx.timing
    else:
        raise _usage_error("\\timing [on|off]")
    ctx.print(t("shell.timing_on") if ctx.timing else t("shell.timing_off"), err=True)
    return 0


@meta_command("connect", usage="\\connect [URL]", help_key="meta.help.connect", aliases=("c",))
def connect_command(ctx: CommandContext, args: str) -> int:
    url = args.strip() or None
    if url and "://" not in url:
        url = "http://" + url
    ctx.info(t("shell.connecting", url=_masked(url or ctx.state.url)))
    return 0 if ctx.connect(url) else 1


@meta_command("trace", usage="\\trace", help_key="meta.help.trace")
def trace_command(ctx: CommandContext, args: str) -> int:
    if not ctx.last_trace:
        ctx.print(t("shell.trace_none"), err=True)
        return 0
    from cdcshell.redact import redact_stored

    ctx.print(redact_stored(ctx.last_trace))
    return 0


@meta_command("format", usage="\\format table|plain|csv|tsv|json|live", help_key="meta.help.format")
def format_command(ctx: CommandContext, args: str) -> int:
    fmt = args.strip().lower()
    if fmt not in ("table", "plain", "csv", "tsv", "json", "live"):
        raise _usage_error("\\format table|plain|csv|tsv|json|live")
    ctx.options.format = fmt
    ctx.print(t("meta.format.set", format=fmt), err=True)
    return 0


@meta_command("lang", usage="\\lang en|zh", help_key="meta.help.lang")
def lang_command(ctx: CommandContext, args: str) -> int:
    try:
        lang = set_language(args.strip() or None)
    except ValueError:
        raise _usage_error("\\lang en|zh") from None
    ctx.print(t("meta.lang.set", lang=lang), err=True)
    return 0


@meta_command("status", usage="\\status", help_key="meta.help.status")
def status_command(ctx: CommandContext, args: str) -> int:
    st = ctx.state
    ctx.print(
        t(
            "meta.status.gateway",
            url=_masked(st.url),
            state=t("meta.status.connected") if ctx.connected else t("meta.status.disconnected"),
        )
    )
    if st.flink_version:
        ctx.print(t("meta.status.version", version=st.flink_version, api=st.api_version or "?"))
    if st.session:
        ctx.print(t("meta.status.session", session=st.session))
    if st.catalog:
        ctx.print(t("meta.status.catalog", catalog=st.catalog, database=st.database or "?"))
    if st.error and not ctx.connected:
        ctx.print(t("meta.status.error", error=st.error))
    return 0


def _masked(url: str) -> str:
    from cdcshell.redact import redact_url

    return redact_url(url)
