/**
 * The training data: Fashion-MNIST read from its gzip IDX files (Debian's {@code dataset-fashion-mnist}),
 * checked, kept as raw bytes and scaled to doubles on demand (docs/science.md, Training). No Spark.
 */
package org.shattered.data;
