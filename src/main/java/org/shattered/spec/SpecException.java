package org.shattered.spec;

import java.util.Collection;

/**
 * Bad input at the edge (command line or configuration): names the offending key, the bad value
 * and what is allowed. Commands turn it into one line on standard error and exit code 2.
 */
public final class SpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public SpecException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  /** "key: bad value 'v'; allowed: ..." */
  public static SpecException badValue(String key, Object value, String allowed) {
    return new SpecException(key, "bad value '" + value + "'; allowed: " + allowed);
  }

  /** Throws {@link #badValue} unless {@code ok}. */
  public static void require(boolean ok, String key, Object value, String allowed) {
    if (!ok) {
      throw badValue(key, value, allowed);
    }
  }

  /**
   * {@link #require(boolean, String, Object, String)} with the allowed values built only when the
   * check fails: a million task specs are made when a grid is planned, and building each message
   * (enum names, numbers to text) cost more than the rest of the constructor.
   */
  public static void require(boolean ok, String key, Object value, java.util.function.Supplier<String> allowed) {
    if (!ok) {
      throw badValue(key, value, allowed.get());
    }
  }

  public static SpecException notOneOf(String key, Object value, Collection<String> allowed) {
    return badValue(key, value, "one of " + String.join(", ", allowed));
  }

  /** The configuration key or command-line option that was wrong. */
  public String key() {
    return key;
  }
}
