package org.shattered.sweep;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import scala.Option;

/**
 * A request to stop a sweep early and keep what it finished (Ctrl-C, SIGTERM). The driver stops
 * submitting batches and cancels the running ones with {@link #REASON}; an executor task that sees
 * that kill reason ({@link #stopsHere}) stops after the unit of work it is computing and gives its
 * files their final names, so the driver can commit every finished unit. A task killed for any other
 * reason (a speculative copy, a failed stage) drops its unfinished files as before, so a partial file
 * is never committed beside a complete one of the same partition.
 */
public final class Interruption {

  /** The kill reason the driver cancels a sweep's jobs with, and executor tasks look for. */
  public static final String REASON = "shattered: sweep interrupted, keep finished units";

  private final AtomicBoolean requested = new AtomicBoolean();
  private final AtomicReference<Runnable> onRequest = new AtomicReference<>();

  /** A request that is never made (tests, benchmarks). */
  public static Interruption none() {
    return new Interruption();
  }

  /** Asks the sweep to stop; true the first time only. */
  public boolean request() {
    if (!requested.compareAndSet(false, true)) {
      return false;
    }
    Runnable r = onRequest.get();
    if (r != null) {
      r.run();
    }
    return true;
  }

  public boolean requested() {
    return requested.get();
  }

  /** What the driver does when the request comes (runs at once if it came already). */
  void onRequest(Runnable action) {
    onRequest.set(action);
    if (requested.get()) {
      action.run();
    }
  }

  /** Executor side: whether the running task was killed by an interrupted sweep (and should keep its units). */
  static boolean stopsHere(org.apache.spark.TaskContext ctx) {
    if (ctx == null || !ctx.isInterrupted()) {
      return false;
    }
    Option<String> reason = ctx.getKillReason();
    return reason.isDefined() && reason.get().contains(REASON);
  }
}
