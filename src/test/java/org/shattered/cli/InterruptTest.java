package org.shattered.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during a sweep, as a user gives it: the sweep runs in a child JVM ({@code shattered sweep},
 * the real engine, one batch of 96 tasks of about 0.1 s each on a quiet core), gets SIGINT after some
 * tasks finished (a progress line every second), commits every unit
 * its tasks finished, prints one line and exits 130 without a stack trace; running the same command
 * again says how many tasks are present and computes only the others, ending with every task once.
 */
class InterruptTest {
  @TempDir
  Path tmp;

  static final int TASKS = 96;
  static final Pattern PROGRESS = Pattern.compile("^tasks (\\d+)/" + TASKS + " ");
  static final Pattern KEPT = Pattern.compile("^interrupted: (\\d+) tasks kept in (.+); run the same command to resume$");

  @Test
  void sigintKeepsFinishedTasksAndTheRerunComputesOnlyTheRest() throws Exception {
    Path conf = tmp.resolve("slow.conf");
    // one batch (batch-size 1000) of 96 single-task units, a few seconds of work per partition, so
    // that without committing finished units at the interrupt all of them would be lost
    Files.writeString(conf, "sweep { name = slow, grid { architecture = [feedforward], normalization = [batch],"
        + " depth = [24], width = [400], seed = " + TASKS + ", points = [256] } }");
    Path out = tmp.resolve("out");
    List<String> sweep = List.of("sweep", conf.toString(), "--master", "local[2]", "--out", out.toString(),
        "--set", "spark.conf.\"spark.ui.enabled\"=false");

    Process p = child(sweep, tmp.resolve("first.err"));
    long seen = awaitProgress(p, tmp.resolve("first.err"), 4);
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the interrupted sweep did not end");
    String err = Files.readString(tmp.resolve("first.err"));
    assertEquals(InterruptSignals.EXIT, p.exitValue(), err);
    List<String> lines = err.lines().filter(l -> l.startsWith("interrupted")).toList();
    assertEquals(1, lines.size(), err);
    Matcher m = KEPT.matcher(lines.get(0));
    assertTrue(m.matches(), lines.get(0));
    long kept = Long.parseLong(m.group(1));
    assertEquals(out.toString(), m.group(2));
    assertTrue(kept >= seen && kept > 0 && kept < TASKS, "kept " + kept + " after " + seen + " were reported done");
    assertFalse(err.contains("Exception") || err.contains("\tat "), err);
    assertFalse(Files.exists(out.resolve("_lock")), "the lock is released");

    // the committed files are intact and hold exactly the kept tasks
    SqlCommandTest.Run counted = SqlCommandTest.run("sql", "--results", out.toString(), "--format", "csv",
        "SELECT count(*) AS n, count(DISTINCT key) AS k FROM tasks");
    assertEquals(0, counted.code(), counted.err());
    assertEquals("n,k\n" + kept + "," + kept, counted.out().strip());
    assertEquals(0, SqlCommandTest.run("verify", "--results", out.toString()).code());

    Process again = child(sweep, tmp.resolve("second.err"));
    assertTrue(again.waitFor(15, TimeUnit.MINUTES), "the resumed sweep did not end");
    String err2 = Files.readString(tmp.resolve("second.err"));
    String out2 = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, again.exitValue(), err2);
    assertTrue(err2.contains("resuming: " + kept + " of " + TASKS + " tasks present"), err2);
    assertTrue(out2.contains("tasks: total " + TASKS + ", skipped " + kept + ", computed " + (TASKS - kept)
        + ", failed 0"), out2);
    SqlCommandTest.Run all = SqlCommandTest.run("sql", "--results", out.toString(), "--format", "csv",
        "SELECT count(*) AS n, count(DISTINCT key) AS k, count(DISTINCT seed) AS s FROM tasks WHERE status = 'ok'");
    assertEquals("n,k,s\n" + TASKS + "," + TASKS + "," + TASKS, all.out().strip(), all.err());
  }

  /**
   * Starts {@code shattered ARGS} in a child JVM with this test's classpath, standard error to
   * {@code err}. SIGINT is set back to its default first (perl), since a JVM started with SIGINT
   * ignored (a background job of a script) cannot handle it.
   */
  static Process child(List<String> args, Path err) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die $!"));
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("@" + Path.of("conf/jvm.options").toAbsolutePath());
    cmd.add("-Xmx2g");
    cmd.add("-Dshattered.progress-seconds=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    return pb.start();
  }

  /** Waits until the progress line reports at least {@code atLeast} tasks done; returns the count. */
  static long awaitProgress(Process p, Path err, long atLeast) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline) {
      assertTrue(p.isAlive(), () -> "the sweep ended early: " + read(err.toFile()));
      for (String line : Files.readAllLines(err)) {
        Matcher m = PROGRESS.matcher(line);
        if (m.find() && Long.parseLong(m.group(1)) >= atLeast) {
          assertTrue(Long.parseLong(m.group(1)) < TASKS, "the sweep finished before the interrupt");
          return Long.parseLong(m.group(1));
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no progress: " + read(err.toFile()));
  }

  private static String read(File f) {
    try {
      return Files.readString(f.toPath());
    } catch (IOException e) {
      return e.toString();
    }
  }
}
