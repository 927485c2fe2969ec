// Comparison table enhancements: sort, filter by facet value, highlight differences.
// Progressive: the table is complete without this script.
