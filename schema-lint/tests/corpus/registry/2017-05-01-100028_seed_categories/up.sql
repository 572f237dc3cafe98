INSERT INTO categories (category, slug, description) VALUES
    ('Parsing', 'parsing', 'Parsers and parser generators.'),
    ('Databases', 'databases', 'Drivers and tools for databases.'),
    ('Web', 'web', 'Servers, clients and frameworks.');
