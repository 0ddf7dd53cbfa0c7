"""The one masker (`cdcshell.redact`): SQL text, URLs, key=value strings, headers, clipping, timing."""

from __future__ import annotations

import pytest

from cdcshell.redact import MASK, is_secret_key, redact


@pytest.mark.parametrize(
    "key",
    [
        "password",
        "PASSWORD",
        "connection.password",
        "properties.ssl.truststore.password",
        "properties.sasl.jaas.config",
        "aws.secret.access.key",
        "fs.s3a.secret.key",
        "fs.s3a.access.key",
        "s3.access-key",
        "s3.secret-key",
        "accessKeyId",
        "private_key",
        "gcp.private.key",
        "client.secret",
        "api-key",
        "fs.azure.sas.token",
        "token",
        "auth.token",
        "hadoop.security.credential",
        "pwd",
        "passphrase",
    ],
)
def test_secret_keys(key: str) -> None:
    assert is_secret_key(key)


@pytest.mark.parametrize(
    "key",
    [
        "connector",
        "username",
        "hostname",
        "key.format",
        "key.fields",
        "scan.incremental.snapshot.chunk.key-column",
        "fs.s3a.aws.credentials.provider",
        "token.ttl",
        "tokenizer",
        "bypass",
        "primary.key",
    ],
)
def test_not_secret_keys(key: str) -> None:
    assert not is_secret_key(key)


CDC_TABLE = """CREATE TABLE orders_src (
  id INT,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'postgres-cdc',
  'hostname' = 'db.internal',
  'username' = 'flink',
  'password' = 'pg-S3cret;''x',
  'database-name' = 'shop'
)"""

CDC_TABLE_MASKED = CDC_TABLE.replace("'pg-S3cret;''x'", "'******'")


def test_masks_option_value_keeping_everything_else() -> None:
    assert redact(CDC_TABLE) == CDC_TABLE_MASKED


def test_masks_whole_jaas_config() -> None:
    sql = (
        "CREATE TABLE k (a INT) WITH ('connector' = 'kafka', 'properties.sasl.jaas.config' = "
        '\'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="kafkaPw";\')'
    )
    masked = redact(sql)
    assert "kafkaPw" not in masked and "PlainLoginModule" not in masked
    assert masked.endswith("'properties.sasl.jaas.config' = '******')")
    assert masked.startswith("CREATE TABLE k (a INT) WITH ('connector' = 'kafka', ")


@pytest.mark.parametrize(
    "sql, expected",
    [
        ("SET 'fs.s3a.secret.key' = 'AKIAXYZ'", "SET 'fs.s3a.secret.key' = '******'"),
        ("SET fs.s3a.secret.key = AKIAXYZ;", "SET fs.s3a.secret.key = ******;"),
        ("SET fs.s3a.secret.key=AKIA/XY+Z", "SET fs.s3a.secret.key=******"),
        ("SET 'fs.s3a.secret.key' = AKIA-1.2 ;", "SET 'fs.s3a.secret.key' = ****** ;"),
        ('SET `s3.secret-key` = "abc"', 'SET `s3.secret-key` = "******"'),
        (
            "'aws.secret.access.key'='k1', 'aws.region'='eu'",
            "'aws.secret.access.key'='******', 'aws.region'='eu'",
        ),
        ("'password' = 'unterminated; still typing", "'password' = '******'"),
        ("'password' =", "'password' ="),
        ("SET 'table.exec.mini-batch.enabled' = 'true'", "SET 'table.exec.mini-batch.enabled' = 'true'"),
        ("SELECT * FROM t WHERE a = 'password'", "SELECT * FROM t WHERE a = 'password'"),
    ],
)
def test_mask_secrets_examples(sql: str, expected: str) -> None:
    assert redact(sql) == expected


def test_text_without_secrets_is_returned_unchanged() -> None:
    sql = "INSERT INTO t SELECT * FROM s /* password */ -- token"
    assert redact(sql) == sql


@pytest.mark.parametrize(
    "url, expected",
    [
        ("postgres://flink:pw123@db:5432/shop", "postgres://flink:******@db:5432/shop"),
        ("mongodb://u:p@ss@h1,h2/db", "mongodb://u:******@h1,h2/db"),
        ("redis://:onlypw@cache", "redis://:******@cache"),
        ("http://host:8081/jobs", "http://host:8081/jobs"),
        ("http://user@host/x", "http://user@host/x"),
        (
            "see jdbc:mysql://root:rootpw@mysql:3306/app now",
            "see jdbc:mysql://root:******@mysql:3306/app now",
        ),
    ],
)
def test_mask_url(url: str, expected: str) -> None:
    assert redact(url) == expected


@pytest.mark.parametrize(
    "text, secret",
    [
        ("'url' = 'jdbc:mysql://db:3306/app?user=a&password=Pw_12345&useSSL=true'", "Pw_12345"),
        ("jdbc:sqlserver://h;user=sa;password=Sq1Pass;database=x", "Sq1Pass"),
        ("host=db user=flink password=LibPq99 dbname=shop", "LibPq99"),
        ('{"user": "a", "password": "JsonPw77"}', "JsonPw77"),
        ("login failed: token: tok_abc123", "tok_abc123"),
        ("mongodb://admin:Mongo#Pw@h:27017", "Mongo#Pw"),
    ],
)
def test_mask_text_hides_key_values_and_urls(text: str, secret: str) -> None:
    masked = redact(text)
    assert secret not in masked
    assert MASK in masked


def test_mask_text_keeps_other_pairs() -> None:
    text = "jdbc:mysql://db:3306/app?user=a&password=x1y2z3&useSSL=true"
    assert redact(text) == "jdbc:mysql://db:3306/app?user=a&password=******&useSSL=true"


def test_mask_is_idempotent() -> None:
    once = redact(CDC_TABLE + "; SET fs.s3a.access.key = AK; postgres://u:p@h/db")
    assert redact(once) == once


def test_secrets_in_hints_and_commented_out_code_are_masked() -> None:
    text = (
        "INSERT INTO t /*+ OPTIONS('password' = 'hint-pw') */ SELECT * FROM s\n"
        "-- CREATE TABLE x WITH ('password' = 'old-pw')\n/* SET 'fs.s3a.secret.key' = 'blk' */"
    )
    masked = redact(text)
    for secret in ("hint-pw", "old-pw", "blk"):
        assert secret not in masked
    assert masked.count("******") == 3
    assert redact("/* nothing secret */ SELECT 1") == "/* nothing secret */ SELECT 1"


# --- issue 17: the key rule from the real connectors' option lists ---------------------------------------------


def _catalog_keys() -> set[str]:
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "completions"
    keys: set[str] = set()
    for series in sorted(p for p in root.iterdir() if (p / "connectors.json").exists()):
        data = json.loads((series / "connectors.json").read_text(encoding="utf-8"))
        for section in ("connectors", "formats"):
            for entry in data[section]:
                keys.update(o["key"] if isinstance(o, dict) else o for o in entry["options"])
        options = json.loads((series / "options.json").read_text(encoding="utf-8"))["options"]
        keys.update(o["key"] for o in options) if isinstance(options, list) else keys.update(options)
    return keys


def test_catalog_keys_that_name_secrets_are_exactly_these() -> None:
    """Every key of the generated catalogs (connectors, formats, Flink options) classified: a new secret-looking
    key in a catalog, or a rule change that drops one, shows up here."""
    keys = _catalog_keys()
    assert len(keys) > 500
    assert {k for k in keys if is_secret_key(k)} == {
        "kubernetes.container.image.pull-secrets", "kubernetes.env.secretKeyRef", "kubernetes.secrets",
        "password", "security.ssl.internal.key-password", "security.ssl.internal.keystore-password",
        "security.ssl.internal.truststore-password", "security.ssl.key-password", "security.ssl.keystore-password",
        "security.ssl.rest.key-password", "security.ssl.rest.keystore-password",
        "security.ssl.rest.truststore-password", "security.ssl.truststore-password", "user.artifacts.http-headers",
    }  # fmt: skip


# Options the connectors pass through to clients that the catalogs cannot list: Kafka client `properties.*`,
# the avro-confluent format's registry options, and the CDC connectors' debezium/jdbc pass-through.
PASS_THROUGH_SECRETS = [
    "value.avro-confluent.basic-auth.user-info",
    "avro-confluent.basic-auth.user-info",
    "value.avro-confluent.bearer-auth.token",
    "value.avro-confluent.ssl.keystore.password",
    "value.avro-confluent.ssl.truststore.password",
    "properties.ssl.keystore.key",
    "properties.ssl.keystore.password",
    "properties.ssl.key.password",
    "properties.ssl.truststore.password",
    "properties.ssl.truststore.key",
    "properties.sasl.jaas.config",
    "properties.sasl.login.password",
    "properties.sasl.oauthbearer.client.credentials.client.secret",
    "debezium.database.password",
    "jdbc.properties.password",
    "private-key",
    "gcp.private-key",
    "properties.sasl.client.token",
]
PASS_THROUGH_PLAIN = [
    "value.avro-confluent.basic-auth.credentials-source",
    "value.avro-confluent.bearer-auth.credentials-source",
    "value.avro-confluent.url",
    "value.avro-confluent.ssl.keystore.location",
    "properties.ssl.keystore.location",
    "properties.ssl.keystore.type",
    "properties.ssl.truststore.location",
    "properties.sasl.mechanism",
    "properties.security.protocol",
    "properties.sasl.kerberos.service.name",
    "properties.sasl.login.callback.handler.class",
    "properties.bootstrap.servers",
    "username",
    "zookeeper.sasl.disable",
]


@pytest.mark.parametrize("key", PASS_THROUGH_SECRETS)
def test_pass_through_credentials_are_secret(key: str) -> None:
    assert is_secret_key(key)
    masked = redact(f"CREATE TABLE t (a INT) WITH ('{key}' = 'TOPSECRET-1', 'connector' = 'kafka')")
    assert "TOPSECRET" not in masked and f"'{key}' = '******'" in masked


@pytest.mark.parametrize("key", PASS_THROUGH_PLAIN)
def test_settings_about_credentials_stay_readable(key: str) -> None:
    assert not is_secret_key(key)


def test_pem_private_key_value_is_masked_whole() -> None:
    pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----"
    masked = redact(f"'properties.ssl.keystore.key' = '{pem}'")
    assert masked == "'properties.ssl.keystore.key' = '******'"


@pytest.mark.parametrize(
    "sql, expected",
    [
        ("SET k.secret.key = a b", "SET k.secret.key = ******"),
        ("SET k.secret.key = a b;\nSELECT 1;", "SET k.secret.key = ******;\nSELECT 1;"),
        ("set fs.s3a.secret.key = two words  ;", "set fs.s3a.secret.key = ******  ;"),
        ("SET 'k.password' = a b c", "SET 'k.password' = ******"),
    ],
)
def test_legacy_unquoted_set_masks_the_whole_value(sql: str, expected: str) -> None:
    assert redact(sql) == expected


@pytest.mark.parametrize(
    "text, secret",
    [
        ("jdbc:postgresql://bob:pw1@db/x?password=pw2", ("pw1", "pw2")),
        ("\\slots jdbc:postgresql://bob:pwA@db:5432/x?sslmode=require&password=pwB", ("pwA", "pwB")),
        ("jdbc:oracle:thin:scott/tigerPw@//db:1521/orcl", ("tigerPw",)),
        ("Authorization: Bearer abc.def", ("abc.def",)),
        ("https://h/x?access_token=tok1&x=1", ("tok1",)),
    ],
)
def test_urls_dsns_and_headers_are_masked(text: str, secret: tuple[str, ...]) -> None:
    masked = redact(text)
    for s in secret:
        assert s not in masked, masked


def test_redact_headers_hides_credential_headers() -> None:
    from cdcshell.redact import redact_headers

    shown = redact_headers({"Authorization": "Bearer x1", "X-Api-Key": "k2", "Accept": "application/json"})
    assert shown == {"Authorization": MASK, "X-Api-Key": MASK, "Accept": "application/json"}


def test_stored_text_is_masked_then_clipped() -> None:
    from cdcshell.redact import STORED_LIMIT, redact_stored

    text = "SET 'password' = 'pw9';" + "x" * (3 * STORED_LIMIT)
    kept = redact_stored(text)
    assert "pw9" not in kept
    assert len(kept) < STORED_LIMIT + 100
    assert kept.endswith("more characters not kept]")


# --- issue 17: linear time --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "INSERT INTO t VALUES (X'" + "ab" * (n // 2) + "')",  # the 64 KB hex literal of the issue
        lambda n: "SET 'password' = X'" + "0f" * (n // 2),
        lambda n: "a" * n + "=1",
        lambda n: "'" + " " * n + "=",
        lambda n: "/*" * (n // 2),
        lambda n: "x" * n + "://" + "u" * n + ":",
    ],
)
def test_one_megabyte_masks_fast(make) -> None:
    import time

    text = make(1_000_000)
    started = time.perf_counter()
    redact(text)
    assert time.perf_counter() - started < 5.0  # generous on a loaded machine: it takes milliseconds
