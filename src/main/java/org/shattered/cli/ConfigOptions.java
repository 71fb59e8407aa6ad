package org.shattered.cli;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.shattered.spec.SweepConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every command that reads an experiment file shares: CONFIG, --set, --profile. */
final class ConfigOptions {

  @Parameters(index = "0", paramLabel = "CONFIG", description = "Experiment file, e.g. jobs/quick.conf.")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a config key (HOCON value), e.g. --set sweep.grid.depth=[1,8,24]. Repeatable.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--profile", paramLabel = "FILE",
      description = "Run profile (default: conf/local.conf of the installation, if present).")
  Path profile;

  Config load() {
    Path p = profile;
    if (p == null) {
      String home = System.getProperty("shattered.home");
      Path local = home == null ? Path.of("conf", "local.conf") : Path.of(home, "conf", "local.conf");
      p = Files.isRegularFile(local) ? local : null;
    }
    return SweepConfig.load(config, p, sets);
  }
}
