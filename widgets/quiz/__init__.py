"""The quiz: question banks, checking answers, the order a learner sees the choices in, and the Quiz widget.

This package imports nothing itself: the site imports ``quiz.order`` for the learner's seed and must not pay
for ipywidgets or the bank models.
"""
