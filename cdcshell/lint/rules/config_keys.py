"""CFG: the keys and values of SET statements, checked against the catalog of the Flink version (generated from
its jars): unknown keys, renamed keys, removed keys, legacy values, values that do not parse, and deprecated keys
that have no effect because their new key is in force."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from cdcshell.lint.context import RuleContext
from cdcshell.lint.model import Finding
from cdcshell.lint.registry import rule
from cdcshell.lint.rules.checkpoint import set_stmt
from cdcshell.lint.values import check_value
from cdcshell.sql.facts import SetStmt

# Keys Flink passes through to file systems, reporters or resource managers by prefix: their full names are
# not options of any jar, so they can never be "unknown".
_PASS_THROUGH_PREFIXES = (
    "s3.",
    "fs.",
    "gs.",
    "oss.",
    "azure.",
    "metrics.reporter.",
    "env.",
    "containerized.",
    "kubernetes.",
    "yarn.",
    "security.",
    "pipeline.global-job-parameters.",
)

# Used only when no catalog of a 2.x series is available: state backends Flink 2.0 removed by name
# (`SET 'state.backend.type' = 'filesystem'` then fails with ClassNotFoundException: filesystem).
_FALLBACK_LEGACY: dict[str, dict[str, str]] = {"state.backend.type": {"filesystem": "", "jobmanager": ""}}
_FALLBACK_LEGACY_SINCE = (2, 0)


def _set(ctx: RuleContext) -> SetStmt | None:
    p = ctx.parsed
    if isinstance(p, SetStmt) and p.key:
        return p
    return None


def _version(ctx: RuleContext) -> str:
    return f"{ctx.version[0]}.{ctx.version[1]}"


@lru_cache(maxsize=8)
def _patterns(keys: frozenset[str]) -> tuple[re.Pattern[str], ...]:
    """Options documented with placeholders (`external-resource.<resource_name>.amount`) as regexes; a key that
    is nothing but a placeholder would match everything and is left out."""
    out = []
    for key in keys:
        if "<" in key and re.sub(r"<[^>]*>", "", key).strip("."):
            out.append(re.compile("^" + re.sub(r"<[^>]*>", ".+", re.escape(key)) + "$"))
    return tuple(out)


def known_key(ctx: RuleContext, key: str) -> bool:
    cat = ctx.catalog
    if key in cat.options or key in cat.deprecated or key in cat.removed:
        return True
    if key.startswith(_PASS_THROUGH_PREFIXES):
        return True
    return any(p.match(key) for p in _patterns(frozenset(cat.options)))


def _shadowing(ctx: RuleContext, key: str) -> tuple[str, str, str] | None:
    """(new key, its value, where it comes from) when `key` is deprecated and its new key is in force."""
    new = ctx.catalog.deprecated.get(key)
    if not new or key in ctx.catalog.options:
        return None
    entry = ctx.config.raw(new)
    if entry is None:
        return None
    return new, entry.value, entry.origin.describe(ctx.lang)


_KeyIndex = tuple[tuple[str, tuple[tuple[str, int], ...], int], ...]


@lru_cache(maxsize=4)
def _key_index(options: tuple[str, ...], deprecated: tuple[str, ...]) -> _KeyIndex:
    """Every known key with its character counts, computed once per catalog rather than on every keystroke."""
    return tuple((k, tuple(Counter(k).items()), len(k)) for k in (*options, *deprecated))


def closest_key(word: str, index: _KeyIndex, cutoff: float = 0.75) -> str | None:
    """The same answer as `difflib.get_close_matches(word, keys, n=1, cutoff)[0]`, several times faster.

    The toolbar lints the statement under the cursor on every keystroke, and while a key is being typed it is
    unknown, so this runs per keystroke over ~1,100 keys. difflib computes `quick_ratio` (an upper bound of the
    similarity, from character counts) for every key and the full `ratio` for each one above the cutoff; here
    the counts of the keys are precomputed, the keys are visited best bound first, and the search stops once
    no remaining bound can beat the best ratio found (ties go to the larger key, as in difflib).
    """
    lw = len(word)
    counts = Counter(word)
    bounded: list[tuple[float, str]] = []
    for key, key_counts, lk in index:
        total = lk + lw
        if 2 * min(lk, lw) < cutoff * total:  # difflib's real_quick_ratio
            continue
        common = 0
        for ch, n in key_counts:
            m = counts.get(ch)
            if m:
                common += n if n < m else m
        bound = 2 * common / total  # difflib's quick_ratio
        if bound >= cutoff:
            bounded.append((bound, key))
    if not bounded:
        return None
    bounded.sort(reverse=True)
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    best: tuple[float, str] | None = None
    for bound, key in bounded:
        if best is not None and bound < best[0]:
            break
        matcher.set_seq1(key)
        ratio = matcher.ratio()
        if ratio >= cutoff and (best is None or (ratio, key) > best):
            best = (ratio, key)
    return best[1] if best else None


@rule(
    "CFG001",
    "unknown-key",
    severity="warning",
    scope="set",
    bad="SET 'execution.checkpointing.intervall' = '30s';",
    good="SET 'execution.checkpointing.interval' = '30s';",
)
def unknown_key(ctx: RuleContext) -> Iterable[Finding]:
    s = _set(ctx)
    if s is None or not ctx.catalog.options or known_key(ctx, s.key or ""):
        return
    key = s.key or ""
    match = closest_key(key, _key_index(tuple(ctx.catalog.options), tuple(ctx.catalog.deprecated)))
    if match:
        new = ctx.catalog.deprecated.get(match, match)
        yield ctx.finding(
            s.key_offset, "message.suggest", fix=set_stmt(new, s.value or ""), key=key, suggestion=new
        )
    else:
        yield ctx.finding(s.key_offset, key=key, version=_version(ctx))


@rule(
    "CFG002",
    "renamed-key",
    severity="warning",
    scope="set",
    bad="SET 'state.checkpoints.dir' = 'file:///var/flink/checkpoints';",
    good="SET 'execution.checkpointing.dir' = 'file:///var/flink/checkpoints';",
)
def renamed_key(ctx: RuleContext) -> Iterable[Finding]:
    s = _set(ctx)
    if s is None:
        return
    key = s.key or ""
    new = ctx.catalog.deprecated.get(key)
    if new and key not in ctx.catalog.options:
        if _shadowing(ctx, key) is not None:
            return  # CFG005 says more: this SET has no effect at all
        if s.value is not None and s.value.strip().lower() in {v.lower() for v in legacy_values(ctx, new)[0]}:
            return  # CFG003 gives the one fix for both the key and the value
        yield ctx.finding(
            s.key_offset, fix=set_stmt(new, s.value or ""), key=key, new=new, version=_version(ctx)
        )
        return
    info = ctx.catalog.options.get(key)
    if info is not None and info.deprecated:
        yield ctx.finding(s.key_offset, "message.no_replacement", key=key, version=_version(ctx))


def legacy_values(ctx: RuleContext, key: str) -> tuple[dict[str, str], bool]:
    """(legacy values of `key` that fail on this version, True) or, when they only fail on a newer version,
    (those values, False)."""
    current = ctx.catalog.legacy_values.get(key)
    if current:
        return current, True
    newer = _newer_legacy(ctx, key)
    if newer:
        return newer, False
    have_2x = any(s.startswith("2.") for s in _available_series())
    fallback = _FALLBACK_LEGACY.get(key) if not have_2x else None
    if fallback:
        return fallback, ctx.version >= _FALLBACK_LEGACY_SINCE
    return {}, False


@lru_cache(maxsize=1)
def _available_series() -> tuple[str, ...]:
    try:
        from cdcshell.catalog.loader import available_series

        return available_series()
    except Exception:
        return ()


def _newer_legacy(ctx: RuleContext, key: str) -> dict[str, str]:
    """Values a newer catalog marks as failing: on this version they still work, with a deprecation."""
    return dict(_newer_legacy_for(ctx.version, key))


@lru_cache(maxsize=1024)
def _newer_legacy_for(version: tuple[int, int], key: str) -> tuple[tuple[str, str], ...]:
    """Cached per version and key: the catalogs do not change during a run, and resolving them for every SET
    of a long script (a directory listing and a lookup each) was a tenth of its lint time."""
    try:
        from cdcshell.catalog.loader import load_catalog
    except ImportError:
        return ()
    out: dict[str, str] = {}
    for series in _available_series():
        major, minor = (int(x) for x in series.split(".")[:2])
        if (major, minor) <= version:
            continue
        try:
            out.update(load_catalog(series).legacy_values.get(key, {}))
        except Exception:
            continue
    return tuple(out.items())


@rule(
    "CFG003",
    "legacy-value",
    severity="error",
    scope="set",
    bad="SET 'state.backend.type' = 'filesystem';",
    good="SET 'state.backend.type' = 'hashmap';",
)
def legacy_value(ctx: RuleContext) -> Iterable[Finding]:
    s = _set(ctx)
    if s is None or s.value is None:
        return
    key = s.key or ""
    info = ctx.catalog.lookup(key)
    current = info.key if info else ctx.catalog.deprecated.get(key, key)
    if current == key and key == "state.backend":  # no catalog: the well-known alias
        current = "state.backend.type"
    values, fails = legacy_values(ctx, current)
    lowered = {v.lower(): r for v, r in values.items()}
    value = s.value.strip().lower()
    if value not in lowered:
        return
    replacement = lowered[value] or (info.default if info and info.default else "hashmap")
    fix = set_stmt(current, replacement)
    if fails:
        yield ctx.finding(
            s.value_offset, fix=fix, key=key, value=s.value, version=_version(ctx), replacement=replacement
        )
    else:
        yield ctx.finding(
            s.value_offset,
            "message.deprecated",
            fix=fix,
            severity="warning",
            key=key,
            value=s.value,
            version=_version(ctx),
            replacement=replacement,
        )


@rule(
    "CFG004",
    "removed-key",
    severity="error",
    scope="set",
    bad="""
-- 'table.exec.some-old-option' stands for any key the version's catalog lists as removed
SET 'table.exec.some-old-option' = 'true';
""",
    good="""
-- the SET dropped, or the replacement key the catalog names set instead
SET 'execution.checkpointing.interval' = '30s';
""",
)
def removed_key(ctx: RuleContext) -> Iterable[Finding]:
    s = _set(ctx)
    if s is None:
        return
    key = s.key or ""
    if key not in ctx.catalog.removed or key in ctx.catalog.options:
        return
    replacement = ctx.catalog.removed[key]
    if replacement:
        yield ctx.finding(
            s.key_offset,
            "message.replacement",
            fix=set_stmt(replacement, s.value or ""),
            key=key,
            version=_version(ctx),
            new=replacement,
        )
    else:
        yield ctx.finding(s.key_offset, fix=f"RESET '{key}';", key=key, version=_version(ctx))


@rule(
    "CFG005",
    "deprecated-key-without-effect",
    severity="error",
    scope="set",
    bad="""
-- the cluster's config.yaml sets execution.checkpointing.dir
SET 'state.checkpoints.dir' = 'file:///mine';
""",
    good="SET 'execution.checkpointing.dir' = 'file:///mine';",
)
def deprecated_without_effect(ctx: RuleContext) -> Iterable[Finding]:
    s = _set(ctx)
    if s is None:
        return
    shadow = _shadowing(ctx, s.key or "")
    if shadow is None:
        return
    new, value, origin = shadow
    yield ctx.finding(
        s.key_offset, fix=set_stmt(new, s.value or ""), key=s.key, new=new, winner=value, origin=origin
    )


@rule(
    "CFG006",
    "bad-value",
    severity="error",
    scope="set",
    bad="SET 'execution.checkpointing.interval' = '30 seconds please';",
    good="SET 'execution.checkpointing.interval' = '30s';",
)
def bad_value(ctx: RuleContext) -> Iterable[Finding]:
    s = _set(ctx)
    if s is None or s.value is None:
        return
    info = ctx.catalog.lookup(s.key or "")
    if info is None:
        return
    formats = check_value(info.type, s.value, info.enum_values)
    if formats is None:
        return
    fix = (
        set_stmt(
            s.key or "",
            info.default.replace(" ", "") if info.type == "Duration" and info.default else info.default,
        )
        if info.default
        else ""
    )
    yield ctx.finding(s.value_offset, fix=fix, key=s.key, value=s.value, type=info.type, formats=formats)
