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
 * @param plot the notebook's Python that draws the figure from the results of {@code sql} (a list
 *     with one list of rows per statement), with the helpers of the notebook's first cell
 */
public record Figure(String name, String title, String caption, String sql, Table data, Canvas canvas, boolean svg,
    String plot) {
}
