"""Kelas: learners do the graded exercises on their phones (issue 15); the pure pieces the room server builds on.

- :mod:`.answer_fields`: what each answer of an exercise is (``metadata.literasi.answer_fields`` of its source
  notebook: number, letter choice, word, free text), checked by ``literasi check``;
- :mod:`.forms`: the phone form of an exercise, built from its *released* notebook (no solutions, no hidden tests);
- :mod:`.values`: what a phone sends (strings) turned into the Python values of the answer cells, and the submitted
  notebook built from the released one;
- :mod:`.store`: the class store (SQLite in WAL mode in the course folder): classes, roster names, attempts, quiz
  results, export, forget, retention;
- :mod:`.privacy`: the notice a learner reads before joining; :mod:`.forget`: a learner's nbgrader records.

Nothing here imports the site, the widgets or Voila.
"""
