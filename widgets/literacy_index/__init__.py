"""Indonesia's Digital Literacy Index: the scores from the data file (``core``) and the chart a lesson shows
(``chart``)."""
