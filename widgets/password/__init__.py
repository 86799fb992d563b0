"""The password strength meter: ``core`` scores a password with zxcvbn and explains it, ``meter`` shows it."""
