"""What assessment tells the layers above it without importing them (reminders turns it into an in-app
notification). Sent inside the writing transaction, with the email already in the outbox."""

from django.dispatch import Signal

# Sent with marker (a user), cohort, count (pieces of work) and email (the OutboxEmail telling them).
work_allocated = Signal()
