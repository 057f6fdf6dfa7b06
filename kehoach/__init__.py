"""kehoach: the annual activity plan of a commune Community Learning Centre (TTHTCĐ)."""
