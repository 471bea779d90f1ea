"""ACORN-i 退款助手 — refund, return and claim desk for Amazon sellers."""

__version__ = "0.1.0"
APP_NAME = "ACORN-i"
