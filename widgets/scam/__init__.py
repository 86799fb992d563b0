"""The scam message simulator: ``core`` holds the scenarios, choices, feedback and score, ``simulator`` shows
them on a phone screen."""
