"""WhatsApp account safety: a self-check of the learner's own settings and habits (core: the questions, the rules
and what to do if the account was taken over; check: the widget)."""
