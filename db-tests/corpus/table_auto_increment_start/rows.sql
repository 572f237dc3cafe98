INSERT INTO invoices (title) VALUES ('first'), ('second');

-- expect before 1: SELECT count(*) AS n FROM invoices WHERE title = 'first' AND id = 1000
-- run after: INSERT INTO invoices (title) VALUES ('third')
-- expect reverted 1: SELECT count(*) AS n FROM invoices WHERE title = 'third' AND id = 1002
