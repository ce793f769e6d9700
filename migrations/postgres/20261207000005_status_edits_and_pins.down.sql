DROP TABLE status_pins;
DROP TABLE status_edits;
