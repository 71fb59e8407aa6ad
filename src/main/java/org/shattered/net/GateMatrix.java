package org.shattered.net;

import java.util.Arrays;

/**
 * The derivative matrix D of one layer, D[u, p] = phi'(v) of unit u at input p (docs/science.md,
 * Activations and the phase diagram). For ReLU it is the binary gate matrix A (A[u, p] = 1 when unit
 * u is active, its ReLU input &gt; 0, at input p), stored as one bit set per unit: unit u owns the
 * {@link #wordsPerUnit()} longs starting at {@code u * wordsPerUnit()}, and point p is bit
 * {@code p % 64} of word {@code p / 64}; bits past {@code points} are zero. For looks-linear layers
 * the units are the 2N outputs of the concatenated ReLU. For other activations D is stored as
 * values, unit-major ({@code derivatives[u * points + p]}), and {@code bits} is null.
 *
 * @param units number of units (rows of D)
 * @param points number of inputs (columns of D)
 * @param bits the packed gate bits, length units * wordsPerUnit; null when D is not binary
 * @param derivatives phi'(v) unit-major, length units * points; null for a gate matrix
 *
 * <p>Equality is identity (the record's own equals on its arrays): one layer's gates, read by the statistics and never compared; tests compare the bits.
 */
public record GateMatrix(int units, int points, long[] bits, double[] derivatives) {

  public GateMatrix {
    if (units < 1 || points < 1 || (bits == null) == (derivatives == null)
        || (bits != null && bits.length != units * words(points))
        || (derivatives != null && derivatives.length != units * points)) {
      throw new IllegalArgumentException("derivative matrix of " + units + " x " + points + " needs "
          + (long) units * words(points) + " words of gate bits or " + (long) units * points + " values");
    }
  }

  /** A binary gate matrix (ReLU). */
  public GateMatrix(int units, int points, long[] bits) {
    this(units, points, bits, null);
  }

  /** A real-valued derivative matrix, phi'(v) unit-major (u * points + p). */
  public static GateMatrix ofDerivatives(int units, int points, double[] derivatives) {
    return new GateMatrix(units, points, null, derivatives);
  }

  /** Longs per unit for {@code points} inputs. */
  public static int words(int points) {
    return (points + 63) >>> 6;
  }

  public int wordsPerUnit() {
    return words(points);
  }

  /** Whether D is binary and stored as bits (ReLU). */
  public boolean binary() {
    return bits != null;
  }

  /** Whether the gate of unit u is on at input p (binary matrices; for others, phi' &gt; 0). */
  public boolean active(int unit, int point) {
    return binary() ? (bits[unit * wordsPerUnit() + (point >>> 6)] >>> (point & 63) & 1L) != 0
        : derivatives[unit * points + point] > 0;
  }

  /** D[u, p] = phi'(v) of unit u at input p (0 or 1 for a gate matrix). */
  public double derivative(int unit, int point) {
    return binary() ? (active(unit, point) ? 1.0 : 0.0) : derivatives[unit * points + point];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GateMatrix g && g.units == units && g.points == points && Arrays.equals(g.bits, bits)
        && Arrays.equals(g.derivatives, derivatives);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * units + points) + Arrays.hashCode(bits)) + Arrays.hashCode(derivatives);
  }

  @Override
  public String toString() {
    return "GateMatrix[" + units + " x " + points + (binary() ? "" : ", real") + "]";
  }
}
