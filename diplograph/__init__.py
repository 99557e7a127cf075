"""diplograph."""
