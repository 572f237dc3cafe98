DELETE FROM categories WHERE slug IN ('parsing', 'databases', 'web');
