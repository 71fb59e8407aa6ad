package org.shattered.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shattered.spec.SweepConfig;
import org.shattered.spec.SweepSpec;

/**
 * A real Spark standalone cluster on 127.0.0.1 (jobs/local-cluster: a master and 2 workers with 1 core
 * each), sweeps submitted through jobs/submit with the shaded jar, compared task by task with local
 * mode. Faults: an executor killed mid-sweep, the driver killed mid-sweep and the sweep resubmitted.
 */
class LocalClusterIT {
  static final Path HOME = Path.of(System.getProperty("shattered.home", ".")).toAbsolutePath();
  static final Path CLUSTER = HOME.resolve("target/local-cluster-it");
  static final Path WORK = HOME.resolve("target/cluster-it");
  /** jobs/quick.conf made smaller: 32 tasks of width 32 in 4 batches of 8. */
  static final List<String> SETS = List.of("sweep.grid.width=[32]", "sweep.batch-size=8");
  static final int TASKS = 32;
  static final int BATCHES = 4;

  static String master;
  static SparkSession spark;
  static Map<String, String> local;

  @BeforeAll
  static void start() throws Exception {
    deleteTree(WORK);
    Files.createDirectories(WORK);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    run(List.of("jobs/local-cluster", "start", "--workers", "2", "--cores", "1", "--memory", "1536m",
        "--port", String.valueOf(port), "--webui-port", "0"), WORK.resolve("start.log"), Duration.ofMinutes(2));
    master = "spark://127.0.0.1:" + port;

    // Local mode, same configuration, in this JVM.
    spark = SparkSession.builder().master("local[2]").appName("LocalClusterIT")
        .config("spark.ui.enabled", "false").getOrCreate();
    SweepSpec sweep = SweepConfig.sweepSpec(SweepConfig.load(HOME.resolve("jobs/quick.conf"), null, SETS))
        .withOutput(WORK.resolve("local").toString());
    new SweepRunner(spark).run(sweep, SweepRunner.Options.defaults(new MeasuringEngine(), null));
    local = values(WORK.resolve("local"));
    assertEquals(TASKS, local.size());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (spark != null) {
        spark.stop();
      }
    } finally {
      List<Long> pids = clusterPids();
      run(List.of("jobs/local-cluster", "stop"), WORK.resolve("stop.log"), Duration.ofMinutes(1));
      for (long pid : pids) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        assertFalse(p.isPresent() && p.get().isAlive(), "process " + pid + " left behind");
      }
      try (Stream<Path> s = Files.list(CLUSTER)) {
        assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("work-")), "worker dirs not cleaned");
      }
    }
  }

  @Test
  void clusterResultsEqualLocalMode() throws Exception {
    Path out = WORK.resolve("plain");
    Process driver = submit(out, "plain");
    assertEquals(0, waitFor(driver, Duration.ofMinutes(3)), "jobs/submit failed; see " + WORK.resolve("plain.log"));
    assertEquals(local, values(out));
  }

  @Test
  void executorKilledMidSweep() throws Exception {
    Path out = WORK.resolve("executor-kill");
    Process driver = submit(out, "executor-kill");
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    ProcessHandle executor = null;
    while (executor == null && driver.isAlive() && System.nanoTime() < deadline) {
      if (commits(out) >= 1) {
        executor = executors().stream().findFirst().orElse(null);
      }
      Thread.sleep(50);
    }
    assertTrue(executor != null && driver.isAlive(), "no executor to kill while the sweep ran");
    long before = commits(out);
    executor.destroyForcibly();
    System.err.println("LocalClusterIT: killed executor " + executor.pid() + " after " + before + " of " + BATCHES
        + " batches");
    assertTrue(before < BATCHES, "the sweep had finished");
    assertEquals(0, waitFor(driver, Duration.ofMinutes(3)), "see " + WORK.resolve("executor-kill.log"));
    assertEquals(local, values(out)); // values() fails on a duplicate key
  }

  @Test
  void driverKilledMidSweepThenResumed() throws Exception {
    Path out = WORK.resolve("driver-kill");
    Process driver = submit(out, "driver-kill-1");
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (commits(out) < 1 && driver.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(driver.isAlive(), "the sweep ended before the driver could be killed");
    long before = commits(out);
    driver.descendants().forEach(ProcessHandle::destroyForcibly);
    driver.destroyForcibly().waitFor();
    System.err.println("LocalClusterIT: killed the driver after " + before + " of " + BATCHES + " batches");
    assertTrue(before < BATCHES);
    Process again = submit(out, "driver-kill-2");
    assertEquals(0, waitFor(again, Duration.ofMinutes(3)), "see " + WORK.resolve("driver-kill-2.log"));
    String log = Files.readString(WORK.resolve("driver-kill-2.log"));
    assertTrue(log.contains("skipped " + (before * 8)) || before == 0, "resume did not skip: " + log);
    assertEquals(local, values(out));
  }

  // --- helpers ---------------------------------------------------------------------------------------

  static Process submit(Path out, String name) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("jobs/submit", "jobs/quick.conf", "--master", master,
        "--out", out.toString()));
    for (String s : SETS) {
      cmd.add("--set");
      cmd.add(s);
    }
    cmd.addAll(List.of("--", "--conf", "spark.ui.enabled=false"));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(HOME.toFile()).redirectErrorStream(true)
        .redirectOutput(WORK.resolve(name + ".log").toFile());
    pb.environment().put("SHATTERED_DRIVER_MEMORY", "1g");
    return pb.start();
  }

  static int waitFor(Process p, Duration limit) throws InterruptedException {
    if (!p.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("timed out: " + p.info().commandLine().orElse("?"));
    }
    return p.exitValue();
  }

  static void run(List<String> cmd, Path log, Duration limit) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(HOME.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("SHATTERED_CLUSTER_DIR", CLUSTER.toString());
    int rc = waitFor(pb.start(), limit);
    assertEquals(0, rc, String.join(" ", cmd) + " failed:\n" + Files.readString(log));
  }

  static long commits(Path out) throws IOException {
    Path c = out.resolve("_commits");
    if (!Files.isDirectory(c)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(c)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")
          && !p.getFileName().toString().endsWith(".tmp")).count();
    }
  }

  static List<Long> pids(String glob) throws IOException {
    List<Long> out = new ArrayList<>();
    if (!Files.isDirectory(CLUSTER)) {
      return out;
    }
    try (Stream<Path> s = Files.list(CLUSTER)) {
      for (Path p : s.filter(p -> p.getFileName().toString().matches(glob)).toList()) {
        out.add(Long.parseLong(Files.readString(p).trim()));
      }
    }
    return out;
  }

  /** The executors: the workers' java child processes. */
  static List<ProcessHandle> executors() throws IOException {
    List<ProcessHandle> out = new ArrayList<>();
    for (long w : pids("worker-\\d+\\.pid")) {
      ProcessHandle.of(w).ifPresent(h -> h.children()
          .filter(c -> c.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
          .forEach(out::add));
    }
    return out;
  }

  static List<Long> clusterPids() throws IOException {
    List<Long> out = new ArrayList<>(pids("(master|worker-\\d+)\\.pid"));
    executors().forEach(h -> out.add(h.pid()));
    return out;
  }

  /** key -> acf_lag1, acf, coactivation_last of the tasks table; fails on a duplicate key. */
  static Map<String, String> values(Path dir) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : spark.read().parquet(dir.resolve("tasks").toString())
        .select("key", "status", "acf_lag1", "acf", "coactivation_last").collectAsList()) {
      Object acf = r.get(3);
      String v = r.get(1) + " " + r.get(2) + " " + (acf == null ? "null"
          : scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) acf)) + " " + r.get(4);
      assertFalse(out.containsKey(r.getString(0)), "duplicate task " + r.getString(0));
      out.put(r.getString(0), v);
    }
    return out;
  }

  static void deleteTree(Path p) {
    org.apache.commons.io.FileUtils.deleteQuietly(p.toFile());
  }
}
