"""Outbound SMS transports: the console (demo phone screen) and Twilio's REST API."""

from botapp.transport.base import OutboundSms, SendError, SendResult, Transport, build_transport

__all__ = ["OutboundSms", "SendError", "SendResult", "Transport", "build_transport"]
