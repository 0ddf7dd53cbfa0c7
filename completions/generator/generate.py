#!/usr/bin/env python3
"""Generate the completion catalogs in `completions/<series>/` from the real jars of each Flink version.

Why a generator and not hand-typed lists: "is `state.backend` still a key on 2.2?" must be answered by Flink
itself. `CatalogDump.java` reflects over the jars (ConfigOption fields, table factories, the SQL parser's token
table, the built-in function definitions) and prints a raw dump; this script finds the inputs, compiles and runs
it, and turns the dump into the catalog files: which keys are SET keys, which are deprecated aliases of which,
which were removed since the previous version, which connector each option set comes from.

Inputs are found without help on a fresh machine: the Flink home is the sandbox's assembled one
(`cdcshell.sandbox.assemble`, downloading from PyPI/Maven Central on first use) unless `--flink-home` names one;
connector jars come from Maven Central through `mvn dependency:copy` and are cached in
`cdcshell.paths.cache_dir()/catalog-generator/`.

    python completions/generator/generate.py               # regenerate every version
    python completions/generator/generate.py --series 1.20 --flink-home /path/to/flink-1.20.3
    python completions/generator/generate.py --check       # exit 1 when the committed files differ
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GENERATOR_VERSION = "1"
HERE = Path(__file__).resolve().parent
COMPLETIONS = HERE.parent
JAVA_SOURCE = HERE / "CatalogDump.java"


@dataclass(frozen=True)
class ConnectorJar:
    """A connector release on Maven Central; `extra` are jars its factory needs beside it (same loader)."""

    artifact: str
    version: str
    built_for: str  # the Flink version line the release is built for
    group: str = "org.apache.flink"
    extra: tuple[tuple[str, str], ...] = ()

    @property
    def origin(self) -> str:
        return f"{self.artifact} {self.version} (built for Flink {self.built_for})"


@dataclass(frozen=True)
class SeriesSpec:
    series: str
    flink_version: str
    connectors: tuple[ConnectorJar, ...]
    previous: str | None = None  # the series whose keys, when gone here, are recorded as removed
    # connector jars with no release for this series: artifact -> why
    unavailable: dict[str, str] = field(default_factory=dict)


_CDC = (
    "flink-sql-connector-postgres-cdc",
    "flink-sql-connector-mysql-cdc",
    "flink-sql-connector-mongodb-cdc",
)

SPECS: dict[str, SeriesSpec] = {
    "1.20": SeriesSpec(
        series="1.20",
        flink_version="1.20.3",
        connectors=(
            *(ConnectorJar(a, "3.5.0", "1.19/1.20") for a in _CDC),
            ConnectorJar("flink-connector-jdbc", "3.3.0-1.20", "1.20"),
            # 3.3.0-1.20 / 3.4.0-1.20 are not on Maven Central; 3.2.0-1.19 is the newest release that is.
            ConnectorJar("flink-sql-connector-kafka", "3.2.0-1.19", "1.19"),
        ),
    ),
    "2.2": SeriesSpec(
        series="2.2",
        flink_version="2.2.1",
        previous="1.20",
        connectors=(
            ConnectorJar("flink-connector-jdbc-core", "4.0.0-2.0", "2.0"),
            ConnectorJar("flink-sql-connector-kafka", "5.0.0-2.2", "2.2"),
        ),
        unavailable={
            a: "Flink CDC 3.5.0 is built for Flink 1.19/1.20; Flink CDC 3.6.0 supports Flink 2.2 but is not "
            "served by this registry yet"
            for a in _CDC
        },
    ),
}

# Option classes in these packages describe connector/format/catalog/hint options, not `SET` keys.
_NOT_SET_KEY_PACKAGES = (
    "org.apache.flink.connector.",
    "org.apache.flink.formats.",
    "org.apache.flink.streaming.connectors.",
    "org.apache.flink.table.factories",
    "org.apache.flink.table.connector.",
    "org.apache.flink.table.catalog",
    "org.apache.flink.table.module",
    "org.apache.flink.table.planner.hint",
    "org.apache.flink.table.utils.python",  # options of the python table source, not SET keys
    "org.apache.flink.table.gateway.rest.util",  # keys relative to the endpoint's prefix
)
_NOT_SET_KEY_CLASS_SUFFIXES = ("HintOptions",)  # LookupJoinHintOptions: keys of /*+ LOOKUP(...) */ hints

_SIMPLE_TYPES = {
    "java.lang.String": "String",
    "java.lang.Boolean": "Boolean",
    "java.lang.Integer": "Integer",
    "java.lang.Long": "Long",
    "java.lang.Double": "Double",
    "java.lang.Float": "Float",
    "java.time.Duration": "Duration",
    "org.apache.flink.configuration.MemorySize": "MemorySize",
    "java.util.Map": "Map",
}


class GeneratorError(Exception):
    """A missing tool or input, told with what to do about it."""


# ---------------------------------------------------------------------------------------------------------------
# Turning the raw dump into catalog documents (pure functions: unit-tested without jars)


def type_name(raw: dict[str, Any]) -> str:
    base = "Enum" if raw["enum_values"] else _SIMPLE_TYPES.get(raw["clazz"], raw["clazz"].rsplit(".", 1)[-1])
    return f"List<{base}>" if raw["list"] else base


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(description_html: str) -> str:
    text = description_html.replace("<br />", " ").replace("</li>", "; ").replace("<li>", "")
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", text))).strip()


def option_entry(raw: dict[str, Any], source: str) -> dict[str, Any]:
    """One option in catalog form; only non-empty fields are written, to keep the files small."""
    entry: dict[str, Any] = {"key": raw["key"], "type": type_name(raw)}
    if raw["default"] is not None:
        entry["default"] = raw["default"]
    if raw["enum_values"]:
        entry["enum"] = list(raw["enum_values"])
    deprecated = [fk["key"] for fk in raw["fallback_keys"] if fk["deprecated"]]
    fallback = [fk["key"] for fk in raw["fallback_keys"] if not fk["deprecated"]]
    if deprecated:
        entry["deprecated_keys"] = deprecated
    if fallback:
        entry["fallback_keys"] = fallback
    description = plain_text(raw.get("description", ""))
    if description:
        entry["description"] = description
    entry["source"] = source
    return entry


def is_set_key_class(class_name: str) -> bool:
    return not class_name.startswith(_NOT_SET_KEY_PACKAGES) and not class_name.endswith(
        _NOT_SET_KEY_CLASS_SUFFIXES
    )


def full_key(raw: dict[str, Any]) -> str:
    """Options documented as a suffix (`@Documentation.SuffixOption("metrics.reporter.<name>")`) are read under
    that prefix: `interval` is really `metrics.reporter.<name>.interval`."""
    prefix = raw.get("suffix_of")
    return f"{prefix}.{raw['key']}" if prefix else raw["key"]


def is_internal(key: str, fields: list[dict[str, Any]]) -> bool:
    return key.startswith(("$internal.", "__")) or all(f["excluded_from_docs"] for f in fields)


def build_options(
    raw_options: Iterable[dict[str, Any]], previous: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The `options.json` document body: current keys, deprecated aliases, removed keys.

    A key is declared deprecated only when every field declaring it is deprecated: 1.20 keeps the deprecated
    class `ExecutionCheckpointingOptions` beside `CheckpointingOptions`, with the same keys, and those keys are
    current.
    """
    by_key: dict[str, list[dict[str, Any]]] = {}
    for raw in raw_options:
        if is_set_key_class(raw["class"]):
            by_key.setdefault(full_key(raw), []).append(raw)

    options: dict[str, dict[str, Any]] = {}
    deprecated: dict[str, str] = {}
    internal: list[str] = []
    for key in sorted(by_key):
        fields = by_key[key]
        current = [f for f in fields if not (f["field_deprecated"] or f["class_deprecated"])]
        chosen = sorted(current or fields, key=lambda f: (not f["public"], f["class"], f["field"]))[0]
        entry = option_entry(chosen, chosen["class"])
        entry["key"] = key
        # deprecated aliases declared by any of the fields (a deprecated field may still carry the alias)
        aliases = sorted({fk["key"] for f in fields for fk in f["fallback_keys"] if fk["deprecated"]})
        if aliases:
            entry["deprecated_keys"] = aliases
        if not current:
            entry["deprecated"] = True
        if is_internal(key, fields):
            internal.append(key)
        options[key] = entry
    for key, entry in options.items():
        for alias in entry.get("deprecated_keys", ()):
            if alias not in options or options[alias].get("deprecated"):
                deprecated[alias] = key
    # An alias that is also (deprecated) option of its own is known by its replacement only.
    for alias in deprecated:
        options.pop(alias, None)
    for key, entry in options.items():
        if entry.get("deprecated") and key not in deprecated:
            # a deprecated key that falls back to a current one is renamed to it
            # (sql-client.display.max-column-width -> table.display.max-column-width)
            deprecated[key] = next(
                (
                    fb
                    for fb in entry.get("fallback_keys", ())
                    if fb in options and not options[fb].get("deprecated")
                ),
                "",
            )
    removed: dict[str, str] = {}
    if previous is not None:
        removed = removed_keys(previous, options, deprecated)
    return {
        "options": list(options.values()),
        "deprecated": dict(sorted(deprecated.items())),
        "removed": removed,
        "internal": sorted(k for k in internal if k in options),
    }


def removed_keys(
    previous: dict[str, Any], options: dict[str, Any], deprecated: dict[str, str]
) -> dict[str, str]:
    """Keys the previous series knew (as keys or aliases) that this one knows in no way, with a replacement
    when the previous series' own alias chain leads to a key this one has."""

    def current_name(key: str) -> str:
        if key in options:
            return key
        return deprecated.get(key, "")

    removed: dict[str, str] = {}
    old_options = {o["key"] for o in previous["options"]}
    for key in sorted(old_options | set(previous["deprecated"])):
        if key in options or key in deprecated:
            continue
        target = previous["deprecated"].get(key, "")
        removed[key] = current_name(target) if target else ""
    return removed


def build_legacy_values(state_backend_names: list[str], previous: dict[str, Any] | None) -> dict[str, Any]:
    """Accepted values of string-typed keys the loaders check by name, and values the previous series accepted
    that this one rejects (`state.backend.type = 'filesystem'` fails on 2.x)."""
    hints = {"state.backend.type": sorted(state_backend_names)} if state_backend_names else {}
    legacy: dict[str, dict[str, str]] = {}
    if previous is not None:
        for key, values in previous.get("value_hints", {}).items():
            gone = sorted(set(values) - set(hints.get(key, values)))
            if gone:
                legacy[key] = dict.fromkeys(gone, "")
    return {"value_hints": hints, "legacy_values": legacy}


def build_connectors(factories: Iterable[dict[str, Any]], unavailable: dict[str, str]) -> dict[str, Any]:
    """`connectors.json` body: per connector (and per format) the options, each marked required or not."""
    connectors: dict[str, dict[str, Any]] = {}
    formats: dict[str, dict[str, Any]] = {}
    for factory in factories:
        target = connectors if factory["kind"] == "connector" else formats
        identifier = factory["identifier"]
        origin = factory["origin"]
        if origin.startswith("format:"):
            origin = "built-in " + origin[len("format:") :]
        entry = target.setdefault(identifier, {"identifier": identifier, "origin": origin, "options": {}})
        for required, group in ((True, factory["required"]), (False, factory["optional"])):
            for raw in group:
                option = option_entry(raw, origin)
                if required:
                    option["required"] = True
                previous = entry["options"].get(raw["key"])
                if previous is None or (required and not previous.get("required")):
                    entry["options"][raw["key"]] = option
    for target in (connectors, formats):
        for entry in target.values():
            entry["options"] = [entry["options"][k] for k in sorted(entry["options"])]
    return {
        "connectors": [connectors[k] for k in sorted(connectors)],
        "formats": [formats[k] for k in sorted(formats)],
        "unavailable": dict(sorted(unavailable.items())),
    }


def build_sql(sql: dict[str, Any]) -> dict[str, Any]:
    return {
        "keywords": sorted(sql["keywords"]),
        "reserved_keywords": sorted(sql["reserved"]),
        "functions": sorted(sql["functions"]),
    }


def header(spec: SeriesSpec, kind: str, sources: list[str]) -> dict[str, Any]:
    return {
        "generator": {"script": "completions/generator/generate.py", "version": GENERATOR_VERSION},
        "kind": kind,
        "series": spec.series,
        "flink_version": spec.flink_version,
        "sources": sources,
    }


def build_documents(
    spec: SeriesSpec,
    dump: dict[str, Any],
    flink_sources: list[str],
    previous: dict[str, dict[str, Any]] | None,
    previous_connectors: dict[str, Any] | None = None,
) -> dict[str, dict[str, Any]]:
    """All catalog files of one series, keyed by file name."""
    options = build_options(dump["options"], previous)
    options.update(build_legacy_values(dump.get("state_backend_names", []), previous))
    unavailable: dict[str, str] = {}
    if previous_connectors is not None:
        present = {f["identifier"] for f in dump["factories"] if f["kind"] == "connector"}
        for connector in previous_connectors["connectors"]:
            artifact = connector["origin"].split(" ", 1)[0]
            if connector["identifier"] not in present and artifact in spec.unavailable:
                unavailable[connector["identifier"]] = spec.unavailable[artifact]
    connectors = build_connectors(dump["factories"], unavailable)
    connector_sources = [c.origin for c in spec.connectors]
    return {
        "options.json": {**header(spec, "options", flink_sources), **options},
        "connectors.json": {**header(spec, "connectors", flink_sources + connector_sources), **connectors},
        "sql.json": {**header(spec, "sql", flink_sources), **build_sql(dump["sql"])},
    }


def serialize(document: dict[str, Any]) -> str:
    """Compact JSON, one top-level entry per line: small, yet reviewable as a diff."""
    lines = [
        json.dumps(k) + ":" + json.dumps(v, ensure_ascii=False, separators=(",", ":"))
        for k, v in document.items()
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


# ---------------------------------------------------------------------------------------------------------------
# Finding the inputs


def _cache() -> Path:
    from cdcshell import paths

    return paths.cache_dir() / "catalog-generator"


def flink_home(spec: SeriesSpec, given: str | None) -> Path:
    from cdcshell.sandbox import assemble

    if given:
        home = assemble.use_existing_home(Path(given))
        if home.version != spec.flink_version:
            raise GeneratorError(f"{given} holds Flink {home.version}, not {spec.flink_version}")
        return home.path
    return assemble.assemble(spec.series, lambda m: print(m, file=sys.stderr)).path


def maven_jar(group: str, artifact: str, version: str) -> Path:
    from cdcshell.sandbox import assemble

    return assemble.maven_copy(
        group, artifact, version, _cache() / "maven", lambda m: print(m, file=sys.stderr)
    )


def flink_jars(home: Path, version: str) -> tuple[list[Path], Path]:
    """The jars to scan (lib/ and opt/, without Scala) and the planner, unpacked from the loader jar where
    Flink hides it from user code."""
    # Flink's own jars only (named for this version): a sandbox home may also hold connector jars in lib/.
    jars = sorted(
        p
        for d in ("lib", "opt")
        for p in (home / d).glob(f"flink-*-{version}.jar")
        if not p.name.startswith(("flink-scala", "flink-sql-connector-"))
    )
    loader = next((p for p in jars if p.name.startswith("flink-table-planner-loader")), None)
    if loader is None:
        raise GeneratorError(f"no flink-table-planner-loader jar in {home}/lib")
    planner = _cache() / "planner" / f"flink-table-planner-{version}.jar"
    if not planner.is_file():
        planner.parent.mkdir(parents=True, exist_ok=True)
        with (
            zipfile.ZipFile(loader) as zf,
            zf.open("flink-table-planner.jar") as src,
            tempfile.NamedTemporaryFile(dir=planner.parent, delete=False) as dst,
        ):
            shutil.copyfileobj(src, dst)
        Path(dst.name).replace(planner)
    jars = [p for p in jars if p != loader]
    return jars, planner


def compile_dump(classpath: list[Path], version: str) -> Path:
    """Compile CatalogDump.java against this version's jars (cached by source hash)."""
    javac = shutil.which("javac")
    if javac is None:
        raise GeneratorError("javac not found: install a JDK (11 or newer) to generate the catalogs")
    digest = hashlib.sha256(JAVA_SOURCE.read_bytes()).hexdigest()[:16]
    out = _cache() / "classes" / f"{version}-{digest}"
    if not (out / "CatalogDump.class").is_file():
        out.mkdir(parents=True, exist_ok=True)
        cp = ":".join(str(p) for p in classpath)
        proc = subprocess.run(
            [javac, "-nowarn", "-d", str(out), "-cp", cp, str(JAVA_SOURCE)], capture_output=True, text=True
        )
        if proc.returncode != 0:
            raise GeneratorError("javac failed:\n" + proc.stdout + proc.stderr)
    return out


def run_dump(spec: SeriesSpec, home: Path) -> tuple[dict[str, Any], list[str]]:
    scan, planner = flink_jars(home, spec.flink_version)
    log4j = sorted((home / "lib").glob("log4j-*.jar"))
    classpath = [*scan, planner, *log4j]
    classes = compile_dump(classpath, spec.flink_version)
    java = shutil.which("java")
    if java is None:
        raise GeneratorError("java not found: install a JDK (11 or newer) to generate the catalogs")
    args = [java, "-cp", ":".join(str(p) for p in [classes, *classpath]), "CatalogDump"]
    args += ["--scan", *(str(p) for p in [*scan, planner])]
    args.append("--factories")
    builtin = f"built-in {spec.flink_version}"
    for jar in scan:
        with zipfile.ZipFile(jar) as zf:
            if "META-INF/services/org.apache.flink.table.factories.Factory" in zf.namelist() and not any(
                jar.name.startswith(p)
                for p in ("flink-json", "flink-csv", "flink-python", "flink-sql-client")
            ):
                args.append(f"{builtin}={jar}")
    for connector in spec.connectors:
        jars = [maven_jar(connector.group, connector.artifact, connector.version)]
        jars += [maven_jar(connector.group, a, v) for a, v in connector.extra]
        args.append(f"{connector.origin}={','.join(str(j) for j in jars)}")
    formats = [j for j in scan if j.name.startswith(("flink-json", "flink-csv"))]
    if formats:
        args += ["--formats-from", *(str(j) for j in formats)]
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        raise GeneratorError("CatalogDump failed:\n" + proc.stderr[-4000:])
    dump = json.loads(proc.stdout)
    sources = [p.name for p in [*scan, planner]]
    return dump, sources


# ---------------------------------------------------------------------------------------------------------------
# Command line


def load_previous(
    series: str | None, outputs: dict[str, dict[str, dict[str, Any]]], root: Path
) -> tuple[Any, Any]:
    if series is None:
        return None, None
    docs = outputs.get(series)
    if docs is None:
        docs = {
            name: json.loads((root / series / name).read_text())
            for name in ("options.json", "connectors.json")
        }
    return docs["options.json"], docs["connectors.json"]


def generate(
    series: list[str], homes: dict[str, str], root: Path, verbose: bool = False
) -> dict[str, dict[str, dict[str, Any]]]:
    outputs: dict[str, dict[str, dict[str, Any]]] = {}
    for s in sorted(series, key=lambda v: tuple(int(x) for x in v.split("."))):
        spec = SPECS[s]
        home = flink_home(spec, homes.get(s))
        dump, sources = run_dump(spec, home)
        notes = [n for n in dump.get("warnings", "").splitlines() if n]
        if notes and verbose:
            print(f"[{s}] reflection notes:\n" + "\n".join(notes), file=sys.stderr)
        elif notes:
            print(
                f"[{s}] {len(notes)} classes/factories skipped (optional dependencies such as Hadoop are not "
                "on the classpath); --verbose lists them",
                file=sys.stderr,
            )
        prev_options, prev_connectors = load_previous(spec.previous, outputs, root)
        outputs[s] = build_documents(spec, dump, sources, prev_options, prev_connectors)
    return outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--series", action="append", choices=sorted(SPECS), help="default: all")
    parser.add_argument(
        "--flink-home",
        action="append",
        default=[],
        metavar="SERIES=PATH",
        help="use this Flink home for SERIES",
    )
    parser.add_argument("--output", type=Path, default=COMPLETIONS, help="default: the completions/ folder")
    parser.add_argument(
        "--check", action="store_true", help="compare with the files in --output, write nothing"
    )
    parser.add_argument("--verbose", action="store_true", help="list the classes reflection had to skip")
    args = parser.parse_args(argv)
    homes = dict(h.split("=", 1) for h in args.flink_home)
    series = args.series or sorted(SPECS)
    try:
        outputs = generate(series, homes, args.output, args.verbose)
    except GeneratorError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    differences = []
    for s, docs in outputs.items():
        for name, document in docs.items():
            path = args.output / s / name
            text = serialize(document)
            if args.check:
                if not path.is_file() or path.read_text(encoding="utf-8") != text:
                    differences.append(str(path))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path}", file=sys.stderr)
    if differences:
        print("out of date (regenerate with completions/generator/generate.py):", file=sys.stderr)
        for d in differences:
            print(f"  {d}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(COMPLETIONS.parent))
    sys.exit(main())
