package org.shattered.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.shattered.sweep.Interruption;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a request to stop the sweep and keep its finished units,
 * instead of the JVM's default, which exits at once and loses every batch not yet committed (and
 * prints Spark's stack traces on the way). A second signal stops at once: what was committed stays,
 * the batches still running are left uncommitted in staging for the next sweep to delete.
 */
final class InterruptSignals implements AutoCloseable {
  /** The exit code of a command ended by SIGINT, as shells report it (128 + 2). */
  static final int EXIT = 130;

  private final List<Signal> signals = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();

  private InterruptSignals() {
  }

  /**
   * Installs the handlers until {@link #close}.
   *
   * @param dir named in the line printed when a second signal stops at once
   */
  static InterruptSignals install(Interruption stop, PrintWriter err, String dir) {
    InterruptSignals s = new InterruptSignals();
    SignalHandler handler = sig -> {
      if (!stop.request()) {
        err.println("interrupted again: stopping now; the batches committed so far are kept in " + dir
            + "; run the same command to resume");
        err.flush();
        Runtime.getRuntime().halt(EXIT);
      }
    };
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal sig = new Signal(name);
        s.previous.add(Signal.handle(sig, handler));
        s.signals.add(sig);
      } catch (IllegalArgumentException unsupported) {
        // a platform without this signal (or one the JVM reserves): keep its default
      }
    }
    return s;
  }

  @Override
  public void close() {
    for (int i = 0; i < signals.size(); i++) {
      Signal.handle(signals.get(i), previous.get(i));
    }
  }
}
