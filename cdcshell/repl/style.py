"""Colours of the prompt, toolbar and highlighted SQL; one place so that a theme is one edit."""

from __future__ import annotations

from prompt_toolkit.styles import BaseStyle, Style, merge_styles, style_from_pygments_cls


def build_style(*, highlighting: bool = True) -> BaseStyle:
    """Our classes over pygments' default theme; `highlighting=False` leaves pygments out (and unimported):
    nothing on screen carries a pygments class until the SQL lexer has run (see `repl.app._LazyLexer`)."""
    ours = Style.from_dict(
        {
            "prompt.name": "bold",
            "prompt.connected": "ansigreen",
            "prompt.offline": "ansired",
            "prompt.where": "ansicyan",
            "bottom-toolbar": "noreverse bg:#222222 #cccccc",
            "toolbar.ok": "ansigreen",
            "toolbar.error": "ansired bold",
            "toolbar.warning": "ansiyellow",
            "toolbar.info": "#888888",
        }
    )
    if not highlighting:
        return ours
    from pygments.styles import get_style_by_name

    return merge_styles([style_from_pygments_cls(get_style_by_name("default")), ours])
