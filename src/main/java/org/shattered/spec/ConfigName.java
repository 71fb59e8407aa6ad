package org.shattered.spec;

import java.util.Arrays;
import java.util.List;

/** An enum constant with the lower-case, hyphenated name used in configs, columns and JSON. */
public interface ConfigName {
  String configName();

  /** Parses {@code value} (case-insensitive) or throws a {@link SpecException} listing the allowed names. */
  static <E extends Enum<E> & ConfigName> E parse(Class<E> type, String key, String value) {
    for (E e : type.getEnumConstants()) {
      if (e.configName().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return e;
      }
    }
    throw SpecException.notOneOf(key, value, names(type));
  }

  static <E extends Enum<E> & ConfigName> List<String> names(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(ConfigName::configName).toList();
  }
}
