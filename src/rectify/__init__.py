"""Rectify (整改): from inspection findings to signed-off, publicly reported rectification."""

__version__ = "0.1.0"
