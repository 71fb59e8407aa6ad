package org.shattered.report;

/**
 * One figure of the report.
 *
 * @param name file stem (NAME.png, NAME.svg, NAME.csv)
 * @param title heading
 * @param caption what the figure shows and how to read it (plain text)
 * @param sql the Spark SQL of the aggregates it plots, with the selection
 * @param data the plotted numbers (written as NAME.csv)
 * @param canvas the drawing
 * @param svg whether to write NAME.svg as well
 */
public record Figure(String name, String title, String caption, String sql, Table data, Canvas canvas, boolean svg) {
}
