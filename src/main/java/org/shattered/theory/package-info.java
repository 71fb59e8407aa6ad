/**
 * The theory of docs/science.md (Theory curves): the closed-form gradient correlation of inputs
 * with independent gates and its independent-gate Monte Carlo check. Plain Java; no Spark.
 */
package org.shattered.theory;
