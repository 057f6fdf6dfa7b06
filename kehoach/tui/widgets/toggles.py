"""Radio buttons and check boxes whose on and off differ in shape, not only in colour: in
16 colours (PuTTY's TERM=xterm) Textual draws both as "▐●▌" / "▐X▌", told apart by a
colour that may not show."""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class ShapeRadioButton(RadioButton):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "●" if self.value else "○"


class ShapeCheckbox(Checkbox):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "X" if self.value else " "
