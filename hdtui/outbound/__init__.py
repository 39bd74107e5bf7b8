"""Provides the outbound adapters: SmtpSender (mail) and XmppNotifier (alerts)."""
