package org.shattered.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.shattered.sweep.RunRecord;

/**
 * The runs recorded in a results directory ({@code DIR/_runs/*.conf}, written by the sweep, see
 * {@code sweep.RunRecord}), in the order they ran, and what the report says from them: the
 * commands that reproduce the results directory, and a table of the runs (build, machine, versions).
 *
 * @param runs the parsed records, oldest first
 */
public record RunHistory(List<Config> runs) {

  /** Reads the records of {@code dir} (none when the directory predates them). */
  public static RunHistory read(Path dir, Configuration conf) {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      Path runs = new Path(dir, "_runs");
      List<Config> out = new ArrayList<>();
      if (fs.exists(runs)) {
        FileStatus[] files = fs.listStatus(runs, p -> p.getName().endsWith(".conf") && !p.getName().startsWith("."));
        Arrays.sort(files, Comparator.comparing(s -> s.getPath().getName()));
        for (FileStatus s : files) {
          try (FSDataInputStream in = fs.open(s.getPath())) {
            out.add(ConfigFactory.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).resolve());
          }
        }
      }
      return new RunHistory(List.copyOf(out));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isEmpty() {
    return runs.isEmpty();
  }

  /**
   * The shell lines that ran the sweep: each distinct command once, in the order of its first run
   * (a resumed run of the same command adds nothing; an extended grid adds its command), preceded by
   * a {@code cd} when it ran outside the project's root, and comment lines saying what to know
   * (uncommitted sources, several commands).
   */
  public List<String> sweepLines() {
    Set<String> commands = new LinkedHashSet<>();
    Set<String> dirty = new LinkedHashSet<>();
    for (Config r : runs) {
      String cwd = str(r, "run.working-directory");
      String home = str(r, "run.project-home");
      String cmd = str(r, "run.command");
      commands.add(cwd.isEmpty() || home.isEmpty() || cwd.equals(home) ? cmd
          : "cd " + RunRecord.Shell.quote(cwd) + " && " + cmd);
      if (r.hasPath("run.git-dirty") && r.getBoolean("run.git-dirty")) {
        dirty.add(str(r, "run.git"));
      }
    }
    List<String> lines = new ArrayList<>();
    if (!dirty.isEmpty()) {
      lines.add("# built from uncommitted sources (git " + String.join(", ", dirty) + "): these commands give the"
          + " same numbers only with the same changes");
    }
    if (commands.size() > 1) {
      lines.add("# " + commands.size() + " commands ran into this directory, in this order (see the runs below)");
    }
    lines.addAll(commands);
    return lines;
  }

  /** One row per run: when, the build, the machine, the versions, the tasks it found and planned. */
  public Table table() {
    List<String> cols = List.of("run", "started", "git", "command", "cpu", "cores", "arch", "java", "spark", "nd4j",
        "master", "planned", "present");
    List<List<Object>> rows = new ArrayList<>();
    for (Config r : runs) {
      rows.add(List.of(str(r, "run.id"), str(r, "run.started"), str(r, "run.git"), str(r, "run.command"),
          str(r, "run.machine.cpu"), str(r, "run.machine.cores"), str(r, "run.machine.arch"),
          str(r, "run.versions.java"), str(r, "run.versions.spark"), str(r, "run.versions.nd4j"),
          str(r, "run.spark.master"), str(r, "run.tasks.planned"), str(r, "run.tasks.already-present")));
    }
    return new Table(cols, rows);
  }

  private static String str(Config c, String path) {
    return c.hasPath(path) ? c.getValue(path).unwrapped().toString() : "";
  }
}
