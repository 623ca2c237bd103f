"""Log lines as events: a dotted name followed by the fields passed in ``extra``."""

from __future__ import annotations

import logging

# Attributes every LogRecord has; anything else was passed through ``extra``.
STANDARD_ATTRIBUTES = frozenset(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__
) | {"message", "asctime", "taskName"}


class EventFormatter(logging.Formatter):
    """Render ``logger.info("member.removed", extra={"member_id": 3})`` as one line."""

    def format(self, record: logging.LogRecord) -> str:
        fields = {
            key: value
            for key, value in record.__dict__.items()
            if key not in STANDARD_ATTRIBUTES
        }
        text = f"{self.formatTime(record)} {record.levelname} {record.getMessage()}"
        if fields:
            text += " " + " ".join(
                f"{key}={value}" for key, value in sorted(fields.items())
            )
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text
