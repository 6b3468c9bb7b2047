"""Evaluation against gold data written by others (read from ../shared/eval, never copied)."""
