/**
 * The sweep on Spark: the driver (planning, partitioning by cost, resume, progress), the
 * executor-side measurement of a batch, the Parquet schema of the result tables and the results
 * directory with its commit markers and lock.
 */
package org.shattered.sweep;
