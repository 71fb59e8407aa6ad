/**
 * {@code shattered bench}: the performance figures of the README (task time and efficiency against
 * the BLAS, what bounds them, sweep efficiency, planning a large grid), measured in one process.
 */
package org.shattered.bench;
