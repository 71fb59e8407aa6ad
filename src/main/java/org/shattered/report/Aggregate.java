package org.shattered.report;

/**
 * One aggregate of the report: its name (the Parquet folder DIR/aggregates/NAME), the Spark SQL
 * (or, for the theory, the description) that produced it, and its collected rows.
 */
public record Aggregate(String name, String sql, Table table) {
}
