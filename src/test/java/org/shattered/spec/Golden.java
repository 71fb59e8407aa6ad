package org.shattered.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Test fixture for golden values: numbers taken once from the engine and pinned, each tied to the
 * version constant that must change when they do ({@link TaskKey#ENGINE_VERSION} for keys, gradients
 * and metrics, {@link TaskKey#WEIGHTS_VERSION} for the weight stream and the weights). A change of
 * numbers without a version bump fails with a message saying to bump the version; a version bump
 * fails until the golden values are taken again (each value's failure prints the new value).
 *
 * <p>Gradients and metrics go through the BLAS: on another CPU OpenBLAS may pick a kernel that
 * sums in another order, and their last bits can differ there with no change to the project. The
 * weights, the stream and the keys are plain Java and must match everywhere.
 */
public final class Golden {

  /** The engine version at which the engine's golden values were taken. */
  public static final int ENGINE_VERSION = 6;

  /** The weights version at which the weights' golden values were taken. */
  public static final int WEIGHTS_VERSION = 3;

  private Golden() {
  }

  /** Fails when {@link TaskKey#ENGINE_VERSION} moved: the golden values of {@code what} must be taken again. */
  public static void requireEngineVersion(String what) {
    assertEquals(ENGINE_VERSION, TaskKey.ENGINE_VERSION, "TaskKey.ENGINE_VERSION was bumped to "
        + TaskKey.ENGINE_VERSION + " but the golden values of " + what + " were taken at engine version "
        + ENGINE_VERSION + ": set Golden.ENGINE_VERSION to " + TaskKey.ENGINE_VERSION + ", run the golden tests "
        + "again and replace each golden value by the new value its failure prints");
  }

  /** Fails when {@link TaskKey#WEIGHTS_VERSION} moved: the golden values of {@code what} must be taken again. */
  public static void requireWeightsVersion(String what) {
    assertEquals(WEIGHTS_VERSION, TaskKey.WEIGHTS_VERSION, "TaskKey.WEIGHTS_VERSION was bumped to "
        + TaskKey.WEIGHTS_VERSION + " but the golden values of " + what + " were taken at weights version "
        + WEIGHTS_VERSION + ": set Golden.WEIGHTS_VERSION to " + TaskKey.WEIGHTS_VERSION + ", run the golden "
        + "tests again and replace each golden value by the new value its failure prints");
  }

  /** {@code actual} has exactly the bits {@code expectedBits}; the message names the version to bump. */
  public static void assertBits(long expectedBits, double actual, String what, String version) {
    long bits = Double.doubleToRawLongBits(actual);
    if (bits != expectedBits) {
      throw new AssertionError(what + " changed without a bump of TaskKey." + version + ": golden "
          + Double.longBitsToDouble(expectedBits) + " (0x" + Long.toHexString(expectedBits) + "L), now " + actual
          + " (0x" + Long.toHexString(bits) + "L). If the new number is intended, bump TaskKey." + version
          + " (rows on disk were computed with the old numbers) and update this golden value; otherwise the "
          + "change is a regression.");
    }
  }

  /** {@code actual} equals the golden text {@code expected}; the message names the version to bump. */
  public static void assertGolden(String expected, String actual, String what, String version) {
    if (!expected.equals(actual)) {
      throw new AssertionError(what + " changed without a bump of TaskKey." + version + ": golden " + expected
          + ", now " + actual + ". If the change is intended, bump TaskKey." + version
          + " (rows on disk were computed with the old values) and update this golden value; otherwise the "
          + "change is a regression.");
    }
  }

  /** SHA-256 of the raw bits of {@code values}, big-endian, as 64 hex digits. */
  public static String sha256(double[] values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length);
    for (double v : values) {
      b.putLong(Double.doubleToRawLongBits(v));
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
