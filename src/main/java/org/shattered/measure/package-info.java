/**
 * The per-task metrics of docs/science.md (Per-task metrics): autocorrelation of the gradient, gate
 * statistics per layer, the mean-field prediction and the white and brown noise baselines, collected
 * in one {@link org.shattered.measure.Measurement} per task. Plain Java after the network; no Spark.
 */
package org.shattered.measure;
