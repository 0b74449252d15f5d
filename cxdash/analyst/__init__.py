"""What analysts use to extend the dashboard: a new page from a template, ad-hoc SQL saved as a query file,
and the CLI commands `new-page` and `sql`."""
