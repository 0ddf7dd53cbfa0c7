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
    text = ("INSERT INTO t /*+ OPTIONS('password' = 'hint-pw') */ SELECT * FROM s\n"
            "-- CREATE TABLE x WITH ('password' = 'old-pw')\n/* SET 'fs.s3a.secret.key' = 'blk' */")
    masked = redact(text)
    for secret in ("hint-pw", "old-pw", "blk"):
        assert secret not in masked
    assert masked.count("******") == 3
    assert redact("/* nothing secret */ SELECT 1") == "/* nothing secret */ SELECT 1"
