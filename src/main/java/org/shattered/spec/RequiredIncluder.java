package org.shattered.spec;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import java.io.File;
import java.net.URL;

/**
 * Makes every {@code include} of a config file required: HOCON skips a missing include silently
 * (unless written {@code include required(...)}), so a misspelled file name would run an experiment
 * without the settings it meant to include. A missing include is a {@link ConfigException} that
 * names the file; {@link SweepConfig} turns it into one line and exit code 2.
 */
final class RequiredIncluder implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL,
    ConfigIncluderClasspath {
  private final ConfigIncluder fallback;

  RequiredIncluder() {
    this(null);
  }

  private RequiredIncluder(ConfigIncluder fallback) {
    this.fallback = fallback;
  }

  @Override
  public ConfigIncluder withFallback(ConfigIncluder f) {
    return fallback == f ? this : new RequiredIncluder(f);
  }

  private static ConfigIncludeContext required(ConfigIncludeContext context) {
    return context.setParseOptions(context.parseOptions().setAllowMissing(false));
  }

  private ConfigIncluder fallback() {
    if (fallback == null) {
      throw new IllegalStateException("no default includer to delegate to");
    }
    return fallback;
  }

  @Override
  public ConfigObject include(ConfigIncludeContext context, String what) {
    return fallback().include(required(context), what);
  }

  @Override
  public ConfigObject includeFile(ConfigIncludeContext context, File what) {
    return ((ConfigIncluderFile) fallback()).includeFile(required(context), what);
  }

  @Override
  public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
    return ((ConfigIncluderURL) fallback()).includeURL(required(context), what);
  }

  @Override
  public ConfigObject includeResources(ConfigIncludeContext context, String what) {
    return ((ConfigIncluderClasspath) fallback()).includeResources(required(context), what);
  }
}
