"""The sign-off models now live in rectify.measures (table names kept); see migrations."""
