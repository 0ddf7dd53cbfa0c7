"""Messages of the checks on options that name files, headers and TLS settings (cdcshell/optioncheck.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    "check.header.no_colon": {
        "en": "{origin}: a header starting with '{name}' has no ':'; write it as 'Name: value' (the value is not shown)",
        "zh": "{origin}：以 '{name}' 开头的请求头缺少 ':'；请写成 'Name: value'（不显示其值）",
    },
    "check.header.bad_name": {
        "en": "{origin}: the header name has characters HTTP does not allow; write it as 'Name: value'",
        "zh": "{origin}：请求头名称含有 HTTP 不允许的字符；请写成 'Name: value'",
    },
    "check.header.newline": {
        "en": "{origin}: the value of header {name} contains a line break (CR/LF), which HTTP does not allow; "
        "remove it (the value is not shown)",
        "zh": "{origin}：请求头 {name} 的值含有换行（CR/LF），HTTP 不允许；请删除（不显示其值）",
    },
    "check.header.not_ascii": {
        "en": "{origin}: the value of header {name} has non-ASCII or control characters, which HTTP headers cannot "
        "carry; encode it (e.g. base64) (the value is not shown)",
        "zh": "{origin}：请求头 {name} 的值含有非 ASCII 或控制字符，HTTP 请求头无法携带；请先编码（如 base64）（不显示其值）",
    },
    "check.timeout": {
        "en": "{option} {value}: expected a positive number of seconds, e.g. {option} 30",
        "zh": "{option} {value}：应为正的秒数，例如 {option} 30",
    },
    "check.url": {
        "en": "{option} {url}: not a valid http(s) URL; write it as http://HOST:PORT (IPv6: http://[::1]:8083)",
        "zh": "{option} {url}：不是有效的 http(s) URL；请写成 http://HOST:PORT（IPv6：http://[::1]:8083）",
    },
    "check.cacert.unreadable": {
        "en": "{option} {path}: cannot read it ({reason}); give a PEM file of CA certificates",
        "zh": "{option} {path}：无法读取（{reason}）；请提供 PEM 格式的 CA 证书文件",
    },
    "check.cacert.not_cert": {
        "en": "{option} {path}: not a PEM file of CA certificates; give the CA bundle (-----BEGIN CERTIFICATE-----)",
        "zh": "{option} {path}：不是 PEM 格式的 CA 证书文件；请提供 CA 证书包（-----BEGIN CERTIFICATE-----）",
    },
}
