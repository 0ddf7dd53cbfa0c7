"""Issue 17: a property test that no output path — stdout, stderr, every file under CDCSHELL_HOME, the
transcript — contains a generated secret, URL passwords included.

Each example writes a script that carries secrets in every form the issue names (quoted option values, the
legacy unquoted SET, a Kafka PEM key, schema-registry user info, URL user-info passwords, `password=` query
parameters, a `\\slots` DSN), then pushes it through the paths that print or store statements: `--dry-run`
(json and text), `lint --format text|json|sarif`, the shell's echo, errors, warnings, internal-error line and
recorder, history, job journal, state journal, the log file, and the `\\slots` DSN echo.
"""

from __future__ import annotations

import io
import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdcshell.batch import dry_run
from cdcshell.engine.console import internal_error_text
from cdcshell.engine.shell import Shell
from cdcshell.lint.command import main as lint_main
from cdcshell.logging_setup import setup_logging
from cdcshell.options import Options
from cdcshell.sql.splitter import split
from cdcshell.store.history import MaskedFileHistory
from cdcshell.store.job_journal import JobJournal
from cdcshell.store.state_journal import StateJournal
from cdcshell.store.transcript import MarkdownTranscript

MARK = "ZQX"
_KEYS = st.sampled_from([
    "password", "connection.password", "properties.ssl.keystore.key", "properties.ssl.truststore.password",
    "value.avro-confluent.basic-auth.user-info", "properties.sasl.jaas.config", "fs.s3a.secret.key",
    "aws.secret.access.key", "value.avro-confluent.bearer-auth.token", "private-key",
])  # fmt: skip
_quoted = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=4, max_size=24)
_word = st.text(alphabet="abcdefXYZ0189_./+@#%!*~", min_size=4, max_size=12).filter(lambda s: "--" not in s)
_urlpw = st.text(alphabet="abcXYZ0189-._~!$*+,=%", min_size=4, max_size=16)


def _q(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _script(key: str, quoted: str, words: tuple[str, str], urlpw: str, kvpw: str) -> tuple[str, list[str]]:
    secrets = [MARK + quoted, MARK + words[0], MARK + words[1], MARK + urlpw, MARK + kvpw]
    text = (
        f"CREATE TABLE t1 (id INT) WITH ('connector' = 'kafka', {_q(key)} = {_q(secrets[0])}, 'topic' = 'x');\n"
        f"SET {key} = {secrets[1]} {secrets[2]};\n"
        f"CREATE TABLE t2 (id INT) WITH ('connector' = 'jdbc', "
        f"'url' = 'jdbc:postgresql://bob:{secrets[3]}@db/x?user=bob&password={secrets[4]}');\n"
        f"INSERT INTO t2 SELECT id FROM t1;\n"
        f"\\slots postgresql://bob:{secrets[3]}@db:5432/x\n"
    )
    return text, secrets


@pytest.fixture(autouse=True)
def _quiet_logging():
    yield
    logging.getLogger("cdcshell").handlers.clear()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_KEYS, _quoted, st.tuples(_word, _word), _urlpw, _urlpw)
def test_no_generated_secret_reaches_any_output(
    tmp_path_factory: pytest.TempPathFactory,
    key: str,
    quoted: str,
    words: tuple[str, str],
    urlpw: str,
    kvpw: str,
) -> None:
    home = tmp_path_factory.mktemp("home")
    text, secrets = _script(key, quoted, words, urlpw, kvpw)
    script = home.parent / f"{home.name}.sql"
    script.write_text(text, encoding="utf-8")
    outputs: list[str] = []

    # --dry-run, both formats
    statements = split(text, strict=False)
    for fmt in ("json", None):
        out = io.StringIO()
        dry_run(statements, fmt, out=out)
        outputs.append(out.getvalue())

    # lint, every format
    for fmt in ("text", "json", "sarif"):
        out, err = io.StringIO(), io.StringIO()
        lint_main([str(script), "--flink-version", "1.20", "--format", fmt], stdout=out, stderr=err)
        outputs += [out.getvalue(), err.getvalue()]

    # the shell's own output paths and the files it keeps, all under this home
    setup_logging(path=home / "log" / "cdcshell.log")
    out, err = io.StringIO(), io.StringIO()
    shell = Shell(Options(gateway=f"http://bob:{secrets[3]}@127.0.0.1:9"), out=out, err=err)
    shell.recorder = MarkdownTranscript(home / "transcript.md")
    history = MaskedFileHistory(home / "history")
    journal = JobJournal(home / "jobs.jsonl")
    state = StateJournal(home / "state.json")
    for stmt in statements:
        shell.echo(stmt.text)
        shell.recorder.statement(stmt.text)
        shell.error(f"the gateway said: cannot run {stmt.text}")
        shell.warn(f"replayed {stmt.text} failed")
        logging.getLogger("cdcshell.test").warning("run %s", stmt.text)
        history.store_string(stmt.text)
        journal.record(
            gateway=shell.options.gateway,
            session="s",
            job_id="j" * 32,
            statement=stmt.text,
            flink_version="1.20",
        )
        state.record(stmt.text)
        outputs.append(internal_error_text(RuntimeError(stmt.text)))
    shell.recorder.output(f"failed: {text}\n")
    shell.recorder.close()
    from cdcshell.meta.slots import _masked

    outputs += [out.getvalue(), err.getvalue(), _masked(f"postgresql://bob:{secrets[3]}@db:5432/x")]
    logging.getLogger("cdcshell").handlers.clear()

    files = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.name == "transcript.md" for p in files)
    for secret in secrets:
        for blob in outputs:
            assert secret not in blob, (secret, blob[:2000])
        for path in files:
            assert secret not in path.read_text(encoding="utf-8", errors="replace"), (secret, path)
    json.loads(outputs[0])  # the masked dry-run JSON is still JSON
