package org.shattered.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.shattered.bench.Benchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shattered bench}: prints the performance figures (see the README's performance section). */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure per-task time and efficiency against a large gemm, the sweep's task share, and "
        + "planning a million tasks; prints figures (not a test: nothing fails).")
final class BenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object with every figure.")
  boolean json;

  @Option(names = "--repeats", defaultValue = "15", description = "Timed tasks per configuration (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--no-sweep", description = "Skip the Spark sweep measurement.")
  boolean noSweep;

  @Option(names = "--grid-only", description = "Only the grid figures (grid_speedup, grid_vs_numpy).")
  boolean gridOnly;

  @Option(names = "--train-only", description = "Only the training-step figures (train_step) and the gemm peaks.")
  boolean trainOnly;

  @Option(names = "--grid-seeds", defaultValue = "2", description = "Seeds of the grid figures (default: ${DEFAULT-VALUE}).")
  int gridSeeds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    org.shattered.spec.SpecException.require(repeats >= 1, "--repeats", repeats, "an integer >= 1");
    Benchmark bench = new Benchmark(line -> {
      (json ? err : out).println(line);
      (json ? err : out).flush();
    }, repeats);
    org.shattered.spec.SpecException.require(gridSeeds >= 1, "--grid-seeds", gridSeeds, "an integer >= 1");
    Map<String, Object> figures = trainOnly ? bench.runTrain() : gridOnly ? bench.runGrid(gridSeeds) : bench.run(!noSweep);
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(figures));
    } else {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(figures.get("machine")));
    }
    out.flush();
    return 0;
  }
}
