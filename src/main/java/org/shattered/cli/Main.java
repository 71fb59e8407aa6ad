package org.shattered.cli;

import java.io.PrintWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.shattered.spec.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line: one subcommand class per verb. Exit codes: 0 done, 2 bad input (one line on
 * standard error naming the argument or key and what is allowed), 3 damaged results found by
 * {@code verify}, 1 any other failure.
 */
@Command(name = "shattered", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Measures shattered gradients of random rectifier networks (Balduzzi et al., ICML 2017), "
        + "one task at a time or as a Spark sweep.",
    subcommands = {TaskCommand.class, PlanCommand.class, SweepCommand.class, SqlCommand.class, RunsCommand.class, CompareCommand.class,
        ReportCommand.class, VerifyCommand.class, TheoryCommand.class, BenchCommand.class, TrainCommand.class})
public final class Main implements Runnable {

  public static final int BAD_INPUT = 2;

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Show Spark's and ND4J's log messages (INFO and above).")
  void verbose(boolean on) {
    if (on) {
      Configurator.setAllLevels(org.apache.logging.log4j.LogManager.ROOT_LOGGER_NAME, Level.INFO);
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "a command is required: task, plan, sweep, sql, runs, report, compare, verify, theory, bench, train");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line on standard output and error and returns its exit code. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with the given output and error streams (tests call this) and returns its exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler((ex, a) -> {
      PrintWriter e = ex.getCommandLine().getErr();
      e.println("shattered: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName()
          + " --help')");
      e.flush();
      return BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter e = commandLine.getErr();
      Throwable cause = ex;
      while (!(cause instanceof SpecException) && cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      if (cause instanceof SpecException se) {
        e.println("shattered: " + se.getMessage());
        e.flush();
        return BAD_INPUT;
      }
      e.println("shattered: failed: " + ex);
      ex.printStackTrace(e);
      e.flush();
      return 1;
    });
    return cl.execute(args);
  }

  /** The project's version from the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"shattered " + org.shattered.sweep.Provenance.buildVersion()};
    }
  }
}
