/**
 * The report: Spark SQL aggregates of a sweep's results (seed statistics, autocorrelation by lag,
 * gate statistics by layer, ensemble pair correlation and matrices, theory curves and noise
 * baselines), the paper's figures drawn with JFreeChart, and their export as one HTML page and a
 * Jupyter notebook.
 */
package org.shattered.report;
