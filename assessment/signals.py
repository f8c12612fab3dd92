"""What assessment tells the layers above it without importing them. Sent inside the writing transaction."""

from django.dispatch import Signal

# Sent with marker (a user), cohort and count (pieces of work): the reminders app emails the marker, unless
# they switched those emails off, and notifies them in the portal.
work_allocated = Signal()
