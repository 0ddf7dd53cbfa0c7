"""The one masker for every output: statements, URLs, DSNs, headers, logs and error texts.

CDC pipelines carry database passwords, Kafka JAAS configs, schema-registry user info and cloud keys in
`WITH (...)` options, `SET` statements, JDBC URLs and DSNs, and all of those reach the screen, `--dry-run`, lint
reports, logs, history, journals and transcripts. Every one of those paths calls `redact` (or `redact_stored`
for what is kept on disk), so a secret hidden in one place is hidden everywhere.

This module sits at the bottom of the layers (beside `i18n` and `paths`) and reads text with its own small
scanner instead of `sql/`'s tokenizer: it must work on any text (half-typed statements, server errors quoting a
statement, log lines, JSON) and must never be the reason a lower layer imports a higher one.

Every pass runs in linear time: the scanners match big chunks with regexes that cannot backtrack across a
token, and the few backward looks (from an `=` to its key) are bounded. A 1 MB literal masks in milliseconds.
Only the secret value is replaced; everything else stays byte for byte, so masked text still reads (and diffs)
like the original.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from cdcshell.lazy import lazy_pattern

__all__ = [
    "MASK",
    "STORED_LIMIT",
    "clip",
    "is_secret_key",
    "redact",
    "redact_headers",
    "redact_stored",
    "redact_url",
]

MASK = "******"

# What history, journals, the transcript, errors and `\trace` keep of one statement or message at most.
STORED_LIMIT = 20_000

# --- which keys name a secret ---------------------------------------------------------------------------------

# Substrings that make a key secret wherever they occur ("sslpassword", "aws.secret.access.key").
_SECRET_PARTS = ("password", "passwd", "passphrase", "secret", "credential", "jaas")
# Secret when written together or with separators ("access.key", "accessKey", "private_key", "user-info",
# Kafka's PEM `ssl.keystore.key`, `user.artifacts.http-headers` which may carry an Authorization header).
_SECRET_JOINED = (
    "privatekey", "accesskey", "apikey", "accountkey", "secretkey", "sastoken", "authtoken", "userinfo",
    "keystorekey", "truststorekey", "sessiontoken", "httpheaders", "clientkey", "signingkey", "encryptionkey",
)  # fmt: skip
# Secret only as a whole component ("token", but not "tokenizer"; "pwd"; anything about SASL).
_SECRET_WORDS = frozenset({"token", "pwd", "pass", "apikey", "sasl", "bearer"})
# A key that names how a secret is obtained or a setting about it rather than the secret itself
# ("fs.s3a.aws.credentials.provider", "token.ttl", "basic-auth.credentials-source", "sasl.mechanism").
_NOT_SECRET_LAST = frozenset(
    {"provider", "providers", "class", "type", "enabled", "mode", "factory", "count", "ttl", "timeout",
     "interval", "expiration", "size", "length", "limit", "retries", "source", "mechanism", "protocol",
     "disable", "name", "location", "path", "file", "url", "ms", "factor", "jitter", "buffer", "seconds",
     "algorithm", "format", "renewal", "services"}
)  # fmt: skip
_COMPONENT = lazy_pattern(r"[a-z0-9]+")
# Every secret key contains one of these (lower-cased): a cheap first test, since most keys are not secret.
_MAYBE_SECRET = lazy_pattern(r"pass|pwd|secret|credential|jaas|key|token|sasl|bearer|user|header")


@functools.lru_cache(maxsize=4096)
def _skip_spaces(text: str, pos: int) -> int:
    """The position after the white space at `pos` (`_SPACES` matches the empty string too)."""
    m = _SPACES.match(text, pos)
    return m.end() if m is not None else pos


def is_secret_key(key: str) -> bool:
    """Whether an option key names a password, secret, token, credential, user info, SASL setting, or a
    private/access/keystore key."""
    if len(key) > _KEY_MAX:
        return False
    low = key.lower()
    if _MAYBE_SECRET.search(low) is None:
        return False
    components = _COMPONENT.findall(low)
    if components and components[-1] in _NOT_SECRET_LAST:
        return False
    if any(part in low for part in _SECRET_PARTS):
        return True
    joined = "".join(components)
    if any(part in joined for part in _SECRET_JOINED):
        return True
    return any(c in _SECRET_WORDS for c in components)


# --- statements: `'key' = 'value'`, `SET key = value`, also inside comments and hints --------------------------

_KEY_MAX = 512  # no real option key is longer: a longer run before `=` is data, not a key
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$.-")
_WS = frozenset(" \t\r\n\f\v")

# Quoted text uses the "unrolled loop" form (no backtracking); the closing quote is optional so that
# unterminated text runs to the end. `other` swallows long stretches that hold no quote, comment or `=`, so the
# loop below runs once per interesting token, not once per word.
_SQL_SCAN = lazy_pattern(
    r"""
      (?P<quoted>'[^']*(?:''[^']*)*'?|"[^"]*(?:""[^"]*)*"?|`[^`]*(?:``[^`]*)*`?)
    | (?P<comment>--[^\n]*|/\*[\s\S]*?(?:\*/|\Z))
    | (?P<eq>=)
    | (?P<other>(?:[^'"`=/\-]+|/(?!\*)|-(?!-))+)
    """,
    re.VERBOSE,
)
_SQL_SCAN_NO_COMMENTS = lazy_pattern(
    r"""
      (?P<quoted>'[^']*(?:''[^']*)*'?|"[^"]*(?:""[^"]*)*"?|`[^`]*(?:``[^`]*)*`?)
    | (?P<eq>=)
    | (?P<other>[^'"`=]+)
    """,
    re.VERBOSE,
)
_QUOTED = lazy_pattern(r"""'[^']*(?:''[^']*)*'?|"[^"]*(?:""[^"]*)*"?|`[^`]*(?:``[^`]*)*`?""")
_PLAIN_VALUE = lazy_pattern(r"""[^\s,;()&'"`=][^\s,;()&'"`]*""")
_SPACES = lazy_pattern(r"\s*")


def _unquote(token: str) -> str:
    q = token[0]
    body = token[1:-1] if len(token) >= 2 and token.endswith(q) else token[1:]
    return body.replace(q + q, q)


def _after_set(text: str, start: int) -> bool:
    """Whether the word before `start` (whitespace between) is SET: a legacy unquoted SET value runs to `;`."""
    i = start
    floor = max(0, start - 4096)
    while i > floor and text[i - 1] in _WS:
        i -= 1
    if i < 3 or text[i - 3 : i].upper() != "SET":
        return False
    return i == 3 or text[i - 4] not in _KEY_CHARS


def _key_before(text: str, recent: list[tuple[str, int, int]]) -> tuple[str, int] | None:
    """(key, where it starts) written just before an `=`: the last quoted token, or the unquoted word at the
    end of the last stretch of other text (`SET fs.s3a.secret-key = ...`). Bounded work: a run of key characters
    longer than any real key is data, not a key."""
    for kind, start, end in reversed(recent):
        if kind == "quoted":
            return _unquote(text[start:end]), start
        e = end
        while e > start and text[e - 1] in _WS:
            e -= 1
        if e == start:
            continue  # only blanks between the key and `=`: look one token further back
        k = e
        floor = max(start, e - _KEY_MAX - 1)
        while k > floor and text[k - 1] in _KEY_CHARS:
            k -= 1
        if k == e or (k == floor and k > start):
            return None
        return text[k:e], k
    return None


def _mask_sql(text: str, *, comments: bool = True) -> str:
    scanner = _SQL_SCAN if comments else _SQL_SCAN_NO_COMMENTS
    pieces: list[str] = []
    done = 0
    pos = 0
    n = len(text)
    recent: list[tuple[str, int, int]] = []  # the last few tokens other than comments: (kind, start, end)
    while pos < n:
        m = scanner.match(text, pos)
        if m is None:  # a lone '/' or '-' before a comment opener: take one character
            recent.append(("other", pos, pos + 1))
            pos += 1
            continue
        kind = m.lastgroup or "other"
        start, pos = m.start(), m.end()
        if kind == "comment":
            head = 3 if text.startswith("/*+", start) else 2
            tail = (
                2
                if text.startswith("/*", start) and text.endswith("*/", start, pos) and pos - start >= 4
                else 0
            )
            body = text[start + head : pos - tail]
            inner = _mask_sql(body, comments=False)
            if inner != body:
                pieces.append(text[done : start + head])
                pieces.append(inner)
                done = pos - tail
            continue
        if kind != "eq":
            recent.append((kind, start, pos))
            if len(recent) > 3:
                del recent[0]
            continue
        found = _key_before(text, recent)
        recent.clear()
        recent.append((kind, start, pos))
        if found is None or not is_secret_key(found[0]):
            continue
        v = _skip_spaces(text, pos)
        if v >= n:
            continue
        if text[v] in "'\"`":
            q = _QUOTED.match(text, v)
            assert q is not None
            end = q.end()
            replacement = text[v] + MASK + text[v]
        elif _after_set(text, found[1]):
            semi = text.find(";", v)
            end = n if semi < 0 else semi
            while end > v and text[end - 1] in _WS:
                end -= 1
            if end == v:
                continue
            replacement = MASK
        else:
            pm = _PLAIN_VALUE.match(text, v)
            if pm is None:
                continue
            end = pm.end()
            replacement = MASK
        pieces.append(text[done:v])
        pieces.append(replacement)
        done = pos = end
        recent.clear()
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


# --- URLs: `scheme://user:password@host`, Oracle's `jdbc:oracle:thin:user/password@host` -----------------------

_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_AUTHORITY_END = lazy_pattern(r"""[\s/'"`]""")
_ORACLE_THIN = lazy_pattern(r"jdbc:oracle:(?:thin|oci):", re.IGNORECASE)
_ORACLE_CREDS = lazy_pattern(r"""[^\s/@'"`]+/[^\s@'"`]+@""")


def _mask_urls(text: str) -> str:
    pieces: list[str] = []
    done = 0
    pos = text.find("://")
    while pos >= 0:
        # A scheme must precede: letters, digits, + . - (starting with a letter).
        s = pos
        while s > 0 and text[s - 1] in _SCHEME_CHARS and pos - s < 64:
            s -= 1
        auth_start = pos + 3
        if s < pos and text[s].isalpha():
            m = _AUTHORITY_END.search(text, auth_start)
            auth_end = m.start() if m else len(text)
            at = text.rfind("@", auth_start, auth_end)
            colon = text.find(":", auth_start, at) if at > 0 else -1
            if at > 0 and colon >= 0 and at > colon + 1 and auth_start >= done:
                pieces.append(text[done : colon + 1])
                pieces.append(MASK)
                done = at
            pos = text.find("://", max(auth_end, auth_start))
        else:
            pos = text.find("://", auth_start)
    if pieces:
        pieces.append(text[done:])
        text = "".join(pieces)
    if "jdbc:oracle" in text.lower():
        text = _mask_oracle(text)
    return text


def _mask_oracle(text: str) -> str:
    pieces: list[str] = []
    done = 0
    for m in _ORACLE_THIN.finditer(text):
        c = _ORACLE_CREDS.match(text, m.end())
        if c is None or m.end() < done:
            continue
        slash = text.index("/", c.start())
        pieces.append(text[done : slash + 1])
        pieces.append(MASK)
        done = c.end() - 1
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


# --- free text: `password=...`, `token: ...`, `"password": "..."` in JDBC URLs, JAAS configs, DSNs, logs -------

_KV_VALUE = lazy_pattern(r""""(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|[^\s&;,'"`)\]}]+""")
# A key starts at a word boundary (the look-behind makes a failed try inside a long word cost nothing, which
# keeps the search linear), may be followed by its closing quote and blanks, then `=` or `:`.
# Header names whose whole value is a credential ("Authorization: Bearer x" in a log line or an error).
_CREDENTIAL_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "x-auth-token",
        "x-amz-security-token",
    }
)
_KV_KEY = lazy_pattern(r"""(?<![\w.\-])[A-Za-z_][\w.\-]*(?P<kq>["']?)[ \t]*[=:]""")


def _mask_key_values(text: str) -> str:
    pieces: list[str] = []
    done = 0
    for m in _KV_KEY.finditer(text):
        if m.start() < done:
            continue
        key = text[m.start() : m.start("kq")]
        header = key.lower() in _CREDENTIAL_HEADERS
        if not header and not is_secret_key(key):
            continue
        v = _skip_spaces(text, m.end())
        vm = _KV_VALUE.match(text, v)
        if vm is None or vm.end() == v:
            continue
        value = vm.group()
        end = vm.end()
        if (
            header and value[0] not in "\"'"
        ):  # `Authorization: Bearer x`: the value runs to the end of the line
            eol = text.find("\n", v)
            end = len(text) if eol < 0 else eol
            while end > v and text[end - 1] in _WS:
                end -= 1
        pieces.append(text[done:v])
        pieces.append(value[0] + MASK + value[0] if value[0] in "\"'" else MASK)
        done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


# --- the public functions -------------------------------------------------------------------------------------


def redact(text: str) -> str:
    """`text` with every secret replaced by `******`: secret option values in statements (quoted, unquoted, the
    whole value of a legacy `SET k.secret = a b`, inside comments and hints too), URL user-info passwords,
    `password=`/`token:`-style pairs in URLs, DSNs, JAAS configs, JSON and logs. The one function every output
    path uses. Linear in the length of `text`; never raises."""
    if not text:
        return text
    try:
        if "=" in text:
            text = _mask_sql(text)
        if "://" in text or "jdbc:" in text:
            text = _mask_urls(text)
        if "=" in text or ":" in text:
            text = _mask_key_values(text)
    except Exception:  # pragma: no cover - a masker bug must never leak the text it failed on
        return MASK
    return text


def redact_url(url: str) -> str:
    """A URL fit for printing: the user-info password and secret query parameters masked, the rest kept."""
    return redact(url)


# Header names whose value is a credential; any other header's value is kept (`Accept`, `X-Request-Id`).
_SECRET_HEADER_PARTS = (
    "auth",
    "cookie",
    "token",
    "secret",
    "key",
    "password",
    "session",
    "signature",
    "credential",
)


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """The headers fit for printing: credential-bearing values (`Authorization`, `Cookie`, `X-Api-Key`, ...)
    masked."""
    out: dict[str, str] = {}
    for name, value in headers.items():
        low = name.lower()
        out[name] = MASK if any(p in low for p in _SECRET_HEADER_PARTS) else redact(value)
    return out


def clip(text: str, limit: int = STORED_LIMIT) -> str:
    """`text` cut to `limit` characters, saying how many were left out, so one huge statement cannot blow up
    history, journals, transcripts or error output."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit} more characters not kept]"


def redact_stored(text: str, limit: int = STORED_LIMIT) -> str:
    """What may be kept of `text` in a file or an error: masked first (so a cut never splits a secret out of its
    key), then clipped."""
    return clip(redact(text), limit)
