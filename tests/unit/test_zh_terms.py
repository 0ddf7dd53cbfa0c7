"""One Chinese term per concept (issue 13): Flink's Chinese docs keep Checkpoint and Savepoint as written, so every
Chinese message does too, and the calques a native reader stumbled over stay gone."""

from __future__ import annotations

import re

from cdcshell.i18n import all_messages

# a bare lower-case word, not part of an option key, a path, a `\` command or a placeholder
_LOWER = re.compile(r"(?<![\w.'\-/\\{`])(checkpoint|savepoint)s?(?![\w.'\-/}`])")
CALQUES = (
    "安静的集合",
    "保持新鲜",
    "活得更久",
    "作为副本加入",
    "等一次完成的",
    "检查点屏障",
    "检查点",
    "保存点",
)


def _chinese() -> dict[str, str]:
    return {key: texts["zh"] for key, texts in all_messages().items() if "zh" in texts}


def test_checkpoint_and_savepoint_are_written_as_flinks_chinese_docs_write_them() -> None:
    wrong = {key: text for key, text in _chinese().items() if _LOWER.search(text)}
    assert not wrong, wrong


def test_the_calques_stay_gone() -> None:
    found = {key: text for key, text in _chinese().items() if any(c in text for c in CALQUES)}
    assert not found, found
