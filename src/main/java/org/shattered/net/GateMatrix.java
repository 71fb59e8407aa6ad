package org.shattered.net;

import java.util.Arrays;

/**
 * The binary gate matrix A of one ReLU layer: A[u, p] = 1 when unit u is active (its ReLU input
 * is > 0) at input p. Stored as one bit set per unit: unit u owns the {@link #wordsPerUnit()} longs
 * starting at {@code u * wordsPerUnit()}, and point p is bit {@code p % 64} of word {@code p / 64}.
 * Bits past {@code points} are zero. For looks-linear layers the units are the 2N outputs of the
 * concatenated ReLU.
 *
 * @param units number of units (rows of A)
 * @param points number of inputs (columns of A)
 * @param bits the packed bits, length units * wordsPerUnit
 */
public record GateMatrix(int units, int points, long[] bits) {

  public GateMatrix {
    if (units < 1 || points < 1 || bits == null || bits.length != units * words(points)) {
      throw new IllegalArgumentException("gate matrix of " + units + " x " + points + " needs "
          + (long) units * words(points) + " words");
    }
  }

  /** Longs per unit for {@code points} inputs. */
  public static int words(int points) {
    return (points + 63) >>> 6;
  }

  public int wordsPerUnit() {
    return words(points);
  }

  public boolean active(int unit, int point) {
    return (bits[unit * wordsPerUnit() + (point >>> 6)] >>> (point & 63) & 1L) != 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GateMatrix g && g.units == units && g.points == points && Arrays.equals(g.bits, bits);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * units + points) + Arrays.hashCode(bits);
  }

  @Override
  public String toString() {
    return "GateMatrix[" + units + " x " + points + "]";
  }
}
