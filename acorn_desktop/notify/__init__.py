"""Outgoing notifications: 企业微信 / 钉钉 / 飞书 webhooks and SMTP. Qt-free."""
