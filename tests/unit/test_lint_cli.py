"""`cdcshell lint`: exit codes, text/JSON/SARIF output, the cluster config file, languages; `\\explain`; the
generated docs/rules.md; every SQL example of the Flink CDC connector docs linted without a crash."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from cdcshell.lint.command import main
from cdcshell.lint.docs import render
from cdcshell.lint.engine import lint_script
from cdcshell.lint.explainer import explain
from cdcshell.lint.registry import all_rules

ROOT = Path(__file__).resolve().parents[2]
DOCS_FIXTURES = Path(__file__).parent / "fixtures" / "cdc_docs"

BAD = """SET 'execution.checkpointing.intervall' = '30s';
CREATE TABLE products (_id STRING, PRIMARY KEY (_id) NOT ENFORCED) WITH (
  'connector' = 'mongodb-cdc', 'hosts' = 'localhost:27017', 'database' = 'shop', 'collection' = 'products',
  'heartbeat.interval.ms' = '30000');
INSERT INTO sink SELECT * FROM products;
"""
GOOD = """SET 'execution.checkpointing.interval' = '30s';
SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION';
CREATE TABLE products (_id STRING, PRIMARY KEY (_id) NOT ENFORCED) WITH (
  'connector' = 'mongodb-cdc', 'hosts' = 'localhost:27017', 'database' = 'shop', 'collection' = 'products',
  'heartbeat.interval.ms' = '30000', 'scan.incremental.snapshot.enabled' = 'true');
INSERT INTO sink SELECT * FROM products;
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, text in (("bad.sql", BAD), ("good.sql", GOOD)):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        paths[name] = p
    config = tmp_path / "config.yaml"
    config.write_text("execution:\n  checkpointing:\n    dir: s3://bucket/cp\n", encoding="utf-8")
    paths["config.yaml"] = config
    return paths


def test_text_output_like_a_compiler_and_exit_1(files: dict[str, Path]) -> None:
    code, out, _ = run(str(files["bad.sql"]), "--cluster-config", str(files["config.yaml"]))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{files['bad.sql']}:1:5: warning CFG001: ")
    error = next(i for i, line in enumerate(lines) if " error CK001: " in line)
    assert lines[error].startswith(f"{files['bad.sql']}:5:32: error CK001: ")
    assert lines[error + 1] == "    fix: SET 'execution.checkpointing.interval' = '30s';"
    assert lines[-1] == "1 error, 1 warning in 1 file"  # plural forms, issue 15 §5


def test_clean_file_exits_0(files: dict[str, Path]) -> None:
    code, out, _ = run(str(files["good.sql"]), "--cluster-config", str(files["config.yaml"]))
    assert (code, out) == (0, "")
    code, out, _ = run(str(files["good.sql"]))  # without the cluster's checkpoint dir: a warning only
    assert code == 0 and "CK002" in out


def test_json_output(files: dict[str, Path]) -> None:
    code, out, _ = run(str(files["bad.sql"]), "--format", "json", "--flink-version", "2.2")
    doc = json.loads(out)
    assert code == 1
    assert doc["statements"][0] == {
        "line": 1,
        "column": 1,
        "text": BAD.splitlines()[0][:-1],
        "file": str(files["bad.sql"]),
    }
    assert {"rule", "severity", "line", "column", "message", "fix"} <= set(doc["findings"][0])
    assert [f["rule"] for f in doc["findings"]].count("CK001") == 1


def test_sarif_output_shape(files: dict[str, Path]) -> None:
    code, out, _ = run(str(files["bad.sql"]), "--format=sarif")
    doc = json.loads(out)
    assert code == 1 and doc["version"] == "2.1.0" and "$schema" in doc
    run0 = doc["runs"][0]
    rules = run0["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == set(all_rules())
    for result in run0["results"]:
        assert result["level"] in ("error", "warning", "note")
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert result["message"]["text"]


def test_chinese_messages(files: dict[str, Path]) -> None:
    _, out, _ = run(str(files["bad.sql"]), "--lang", "zh")
    assert "Checkpoint 未开启" in out and "修复: SET" in out  # the term as Flink's Chinese docs write it


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        ([], "no file"),
        (["/nonexistent/x.sql"], "cannot read"),
        (["--format", "xml", "x.sql"], "--format xml"),
        (["--flink-version", "latest", "x.sql"], "--flink-version"),
        (["--bogus", "x.sql"], "--bogus"),
        (["--max-downtime", "forever", "x.sql"], "forever"),
        (["--cluster-config"], "needs a value"),
    ],
)
def test_unusable_input_exits_2(argv: list[str], needle: str) -> None:
    code, _, err = run(*argv)
    assert code == 2 and needle in err and "usage:" in err


def test_unterminated_string_exits_2_with_position(tmp_path: Path) -> None:
    p = tmp_path / "broken.sql"
    p.write_text("SELECT 1;\nSET 'a' = 'b;\n", encoding="utf-8")
    code, _, err = run(str(p))
    assert code == 2 and f"{p}:2:" in err


def test_bad_cluster_config_exits_2(tmp_path: Path, files: dict[str, Path]) -> None:
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("a: 1\nnot yaml at all\n", encoding="utf-8")
    code, _, err = run(str(files["good.sql"]), "--cluster-config", str(cfg))
    assert code == 2 and f"{cfg}:2:" in err


def test_declared_oplog_window(files: dict[str, Path]) -> None:
    code, out, _ = run(
        str(files["good.sql"]),
        "--cluster-config",
        str(files["config.yaml"]),
        "--oplog-window",
        "2h",
        "--max-downtime",
        "4h",
    )
    assert code == 0 and "MDB002" in out and "2 h" in out
    code, out, _ = run(
        str(files["good.sql"]),
        "--cluster-config",
        str(files["config.yaml"]),
        "--oplog-window",
        "2d",
        "--max-downtime",
        "4h",
    )
    assert (code, out) == (0, "")


# --- \explain ----------------------------------------------------------------------------------------------


def test_explain_rule_in_both_languages() -> None:
    en = explain("ck001", "en")
    zh = explain("CK001", "zh")
    assert en is not None and zh is not None
    assert "resume token" in en and "SET 'execution.checkpointing.interval'" in en
    assert "原因" in zh and "修复" in zh


def test_explain_key_and_connector_option() -> None:
    text = explain("state.checkpoints.dir")
    assert text is not None and "execution.checkpointing.dir" in text and "CFG005" in text
    hb = explain("heartbeat.interval.ms")
    assert hb is not None and "mongodb-cdc" in hb and "postgres-cdc" in hb
    assert explain("no.such.thing") is None and explain("  ") is None


def test_every_rule_has_texts_in_both_languages_and_examples() -> None:
    from cdcshell.i18n import all_messages

    messages = all_messages()
    for code, rule in all_rules().items():
        for part in ("title", "rationale", "fix"):
            entry = messages[f"lint.{code}.{part}"]
            assert entry["en"] and entry["zh"], (code, part)
        assert rule.example_bad and rule.example_good
        assert any(k.startswith(f"lint.{code}.message") for k in messages), code


def test_docs_rules_md_is_generated_from_the_rules() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/rules.md is stale: run python -m cdcshell.lint.docs docs/rules.md"


# --- the Flink CDC docs' examples --------------------------------------------------------------------------


def test_cdc_docs_fixtures_are_present() -> None:
    names = sorted(p.name for p in DOCS_FIXTURES.glob("*.sql"))
    for connector in ("postgres-cdc", "mysql-cdc", "mongodb-cdc"):
        assert any(n.startswith(connector) for n in names), connector


# What each docs example is expected to give, on both versions: (statements, rules found). The examples that
# only define a table (no job reads it, no SET) have nothing wrong with them that a lint of the file can know;
# pinning that they stay quiet is what catches a rule that starts firing on the docs' own examples.
DOCS_EXPECTED: dict[str, tuple[int, set[str]]] = {
    "mongodb-cdc_01.sql": (2, {"CK001", "MDB001"}),
    "mongodb-cdc_02.sql": (1, {"MDB001"}),
    "mysql-cdc_01.sql": (1, set()),
    "mysql-cdc_02.sql": (1, set()),
    "mysql-cdc_03.sql": (1, set()),
    "mysql-cdc_04.sql": (3, set()),
    "mysql-cdc_05.sql": (1, set()),
    "mysql-cdc_06.sql": (1, set()),
    "mysql-cdc_07.sql": (1, set()),
    "mysql-cdc_08.sql": (1, set()),
    "postgres-cdc_01.sql": (2, {"CK001", "PG001"}),
    "postgres-cdc_02.sql": (1, set()),
}


def test_every_docs_example_has_its_expectation() -> None:
    assert sorted(p.name for p in DOCS_FIXTURES.glob("*.sql")) == sorted(DOCS_EXPECTED)


@pytest.mark.parametrize("path", sorted(DOCS_FIXTURES.glob("*.sql")), ids=lambda p: p.name)
@pytest.mark.parametrize("version", ["1.20", "2.2"])
def test_cdc_docs_examples_give_the_expected_findings(path: Path, version: str) -> None:
    result = lint_script(path.read_text(encoding="utf-8"), flink_version=version, strict=False)
    statements, rules = DOCS_EXPECTED[path.name]
    assert len(result.statements) == statements
    assert {f.rule for f in result.findings} == rules
    for f in result.findings:
        assert f.line >= 1 and f.column >= 1 and f.message


def test_cdc_docs_postgres_example_findings() -> None:
    """The first postgres-cdc example enables incremental snapshot on a table without a primary key."""
    result = lint_script(
        (DOCS_FIXTURES / "postgres-cdc_01.sql").read_text(encoding="utf-8"), flink_version="1.20"
    )
    rules = {f.rule for f in result.findings}
    assert {"PG001", "CK001"} <= rules


def test_help_exits_0() -> None:
    code, out, _ = run("--help")
    assert code == 0 and "--flink-version" in out
