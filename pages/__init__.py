"""The dashboard's pages; `common` holds what they share."""
