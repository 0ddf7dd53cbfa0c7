"""Hide secrets in SQL text, URLs and free text before it is logged, stored in history or echoed.

CDC pipelines carry database passwords, Kafka JAAS configs and cloud keys in `WITH (...)` options and `SET`
statements, and those statements end up in history files, job journals and screenshots. Masking works on
tokens, not on a parse, so it also handles half-typed and invalid statements, and it replaces only the secret
value: everything else stays byte for byte, so masked text still reads (and diffs) like the original.
"""

from __future__ import annotations

import re

from cdcshell.sql.kinds import SqlToken, iter_comments, iter_tokens, unquote

__all__ = ["MASK", "is_secret_key", "mask_secrets", "mask_text", "mask_url"]

MASK = "******"

# Substrings that make a key secret wherever they occur ("sslpassword", "aws.secret.access.key").
_SECRET_PARTS = ("password", "passwd", "passphrase", "secret", "credential", "jaas")
# Secret when written together or with separators ("access.key", "accessKey", "private_key").
_SECRET_JOINED = ("privatekey", "accesskey", "apikey", "accountkey", "secretkey", "sastoken", "authtoken")
# Secret only as a whole component ("token", but not "tokenizer"; "pwd").
_SECRET_WORDS = frozenset({"token", "pwd", "pass", "apikey"})
# A key that names how a secret is obtained rather than the secret ("fs.s3a.aws.credentials.provider").
# The same for settings about a secret rather than the secret ("token.ttl", "password.retries").
_NOT_SECRET_LAST = frozenset(
    {"provider", "providers", "class", "type", "enabled", "mode", "factory", "count", "ttl", "timeout",
     "interval", "expiration", "size", "length", "limit", "retries"}
)  # fmt: skip


def is_secret_key(key: str) -> bool:
    """Whether an option key names a password, secret, token, credential, or private/access key."""
    low = key.lower()
    components = re.findall(r"[a-z0-9]+", low)
    if components and components[-1] in _NOT_SECRET_LAST:
        return False
    if any(part in low for part in _SECRET_PARTS):
        return True
    joined = "".join(components)
    if any(part in joined for part in _SECRET_JOINED):
        return True
    return any(c in _SECRET_WORDS for c in components)


def _masked_quoted(token_text: str) -> str:
    q = token_text[0]
    return q + MASK + q


def _key_before(text: str, tokens: list[SqlToken], eq: int) -> str | None:
    """The option key written just before the `=` at `tokens[eq]`: one quoted token, or unquoted words joined
    by `.`/`-` without spaces (the legacy `SET fs.s3a.secret.key = ...` form)."""
    if eq == 0:
        return None
    prev = tokens[eq - 1]
    if prev.kind == "quoted":
        return unquote(prev.text)
    if prev.kind != "word":
        return None
    j = eq - 1
    while j > 0:
        before = tokens[j - 1]
        if before.end != tokens[j].start or not (before.kind == "word" or before.text in ".-"):
            break
        j -= 1
    return text[tokens[j].start : prev.end]


def _value_span(tokens: list[SqlToken], eq: int) -> tuple[int, int, bool] | None:
    """(start, end, quoted) of the value after the `=` at `tokens[eq]`."""
    if eq + 1 >= len(tokens):
        return None
    first = tokens[eq + 1]
    if first.kind == "quoted":
        return first.start, first.end, True
    if first.kind == "symbol" and first.text in ",;()=":
        return None
    j = eq + 1
    while j + 1 < len(tokens):
        nxt = tokens[j + 1]
        if nxt.start != tokens[j].end or nxt.kind == "quoted" or nxt.text in ",;()&":
            break
        j += 1
    return first.start, tokens[j].end, False


def mask_secrets(text: str) -> str:
    """SQL text with the value of every secret option (`'password' = '...'`, `SET 'fs.s3a.secret.key' = ...`,
    a whole `...jaas.config` value) replaced by `'******'` (a value written without quotes, as in the legacy
    `SET fs.s3a.secret.key = abc`, by `******`). Comments are masked as SQL too: an optimizer hint
    (`/*+ OPTIONS('password' = '...') */`) or a commented-out statement carries secrets as often as code does.
    Never raises."""
    masked = _mask_statement(text)
    pieces: list[str] = []
    done = 0
    for start, end in iter_comments(masked):
        head = 3 if masked.startswith("/*+", start) else 2
        tail = 2 if masked.startswith("/*", start) and masked.endswith("*/", start, end) else 0
        body = masked[start + head : end - tail]
        inner = _mask_statement(body)
        if inner != body:
            pieces.append(masked[done : start + head])
            pieces.append(inner)
            done = end - tail
    if not pieces:
        return masked
    pieces.append(masked[done:])
    return "".join(pieces)


def _mask_statement(text: str) -> str:
    tokens = list(iter_tokens(text))
    pieces: list[str] = []
    done = 0
    for i, tok in enumerate(tokens):
        if tok.kind != "symbol" or tok.text != "=":
            continue
        key = _key_before(text, tokens, i)
        if key is None or not is_secret_key(key):
            continue
        span = _value_span(tokens, i)
        if span is None or span[0] < done:
            continue
        start, end, quoted = span
        pieces.append(text[done:start])
        pieces.append(_masked_quoted(text[start:end]) if quoted else MASK)
        done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


# scheme://user:password@host — the password runs to the last '@' before a '/', quote or whitespace.
_URL_PASSWORD = re.compile(r"""(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^\s/:@'"`]*:)(?P<pw>[^\s/'"`]+)@""")


def mask_url(url: str) -> str:
    """`scheme://user:password@host` becomes `scheme://user:******@host` (anywhere in the string)."""
    return _URL_PASSWORD.sub(lambda m: f"{m.group('head')}{MASK}@", url)


# key=value / key: value / key="value" / "key": "value", in JDBC URLs, JAAS configs, DSNs and logs.
_KEY_EQ = re.compile(r"""(?P<key>[A-Za-z_][\w.\-]*)(?P<kq>["']?)\s*[=:]\s*""")
_KV_VALUE = re.compile(r""""(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|[^\s&;,'"`)\]}]+""")


def _mask_key_values(text: str) -> str:
    pieces: list[str] = []
    done = 0
    pos = 0
    while True:
        m = _KEY_EQ.search(text, pos)
        if m is None:
            break
        pos = m.end()
        if m.start() < done or not is_secret_key(m.group("key")):
            continue
        v = _KV_VALUE.match(text, m.end())
        if v is None or v.end() == v.start():
            continue
        value = v.group()
        pieces.append(text[done : v.start()])
        pieces.append(_masked_quoted(value) if value[0] in "\"'" else MASK)
        done = pos = v.end()
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def mask_text(text: str) -> str:
    """Everything `mask_secrets` and `mask_url` hide, plus `password=...`-style pairs inside JDBC URLs, JAAS
    configs and other key=value strings. The one to use before anything is logged or stored. Never raises."""
    return _mask_key_values(mask_url(mask_secrets(text)))
