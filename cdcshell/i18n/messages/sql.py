"""Messages of the SQL text tools: splitting statements."""

MESSAGES: dict[str, dict[str, str]] = {
    "sql.split.error_at": {
        "en": "line {line}, column {column}: {message}",
        "zh": "第 {line} 行，第 {column} 列：{message}",
    },
    "sql.split.unterminated.single_quote": {
        "en": "unterminated string: the ' that starts here is never closed; add the closing ' "
        "(write '' for a quote inside the string)",
        "zh": "字符串未结束：此处开始的 ' 没有闭合；请补上结尾的 '（字符串中的单引号写作 ''）",
    },
    "sql.split.unterminated.double_quote": {
        "en": 'unterminated double-quoted string or identifier: the " that starts here is never closed; '
        'add the closing " (write "" for a double quote inside it)',
        "zh": '双引号字符串或标识符未结束：此处开始的 " 没有闭合；请补上结尾的 "（其中的双引号写作 ""）',
    },
    "sql.split.unterminated.backtick": {
        "en": "unterminated quoted identifier: the ` that starts here is never closed; add the closing ` "
        "(write `` for a backtick inside the name)",
        "zh": "带引号的标识符未结束：此处开始的 ` 没有闭合；请补上结尾的 `（名称中的反引号写作 ``）",
    },
    "sql.split.unterminated.block_comment": {
        "en": "unterminated comment: the /* that starts here is never closed; add */ to end it",
        "zh": "注释未结束：此处开始的 /* 没有闭合；请添加 */ 结束注释",
    },
}
