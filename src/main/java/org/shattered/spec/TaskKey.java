package org.shattered.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The stable identity of a task: the first 96 bits of SHA-256 of {@link TaskSpec#canonical()},
 * as 24 hex digits, so it depends only on the parameters, never on row order, partition, thread or
 * retry. It names the task's row; it does not seed anything: the weights come from
 * {@link TaskSpec#weightSeed()}, a hash of only the parameters that shape the weight matrices, so
 * that tasks differing in normalization, beta, biases, inputs, precision or gradient mode share
 * their networks.
 *
 * @param value 24 lower-case hex digits
 * @param hash64 the first 64 bits of the same digest, a compact hash of the key (for counting
 *     distinct tasks)
 */
public record TaskKey(String value, long hash64) implements java.io.Serializable {

  /**
   * Bumped whenever a change makes the same parameters produce different numbers. Version 3
   * computes frozen and unnormalized gradients in forward mode (same derivative, other rounding);
   * version 5 draws nested weights (weights version 3); version 6 adds columns (the spread of
   * co-activation over pairs and its null, the path energy ratio) and stops reporting a flagged
   * task's gradient as constant (the same parameters now give other rows, which one results
   * directory must not mix with version 5's).
   */
  public static final int ENGINE_VERSION = 6;

  /**
   * The version in the weight seed ({@link TaskSpec#weightSeed()}): bumped only when the weights
   * themselves change, so that engine versions that round differently still draw the same
   * networks (engine version 3 draws exactly the weights of version 2). Weights version 3 nests the
   * depths: the seed leaves out the depth and the layer matrices come last, so the depth-L network
   * is a prefix of every deeper one of the same architecture, width and seed.
   */
  public static final int WEIGHTS_VERSION = 3;

  public static TaskKey of(TaskSpec spec) {
    return ofCanonical(spec.canonical());
  }

  /** The key of a task whose parameters have the canonical text {@code canonical} (any kind of task). */
  public static TaskKey ofCanonical(String canonical) {
    byte[] digest = sha256(canonical);
    return new TaskKey(HexFormat.of().formatHex(digest, 0, 12), firstLong(digest));
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** The first 64 bits of SHA-256 of {@code text}. */
  public static long seedOf(String text) {
    return firstLong(sha256(text));
  }

  private static long firstLong(byte[] digest) {
    long seed = 0;
    for (int i = 0; i < 8; i++) {
      seed = (seed << 8) | (digest[i] & 0xFF);
    }
    return seed;
  }

  @Override
  public String toString() {
    return value;
  }
}
