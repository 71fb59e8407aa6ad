/**
 * What a task and a sweep are: {@link org.shattered.spec.TaskSpec} (every parameter of one network),
 * its {@link org.shattered.spec.TaskKey} and weight seed, the grid of a sweep and the loading and
 * validation of its HOCON configuration. Bad input is a {@link org.shattered.spec.SpecException}
 * naming the key, the value and what is allowed. Typesafe Config only; no Spark, no ND4J.
 */
package org.shattered.spec;
