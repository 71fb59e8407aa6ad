package org.shattered.cli;

import java.io.PrintWriter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.shattered.sweep.Interruption;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a request to stop the sweep and keep its finished units,
 * instead of the JVM's default, which exits at once and loses every batch not yet committed (and
 * prints Spark's stack traces on the way). A second signal stops at once: what was committed stays,
 * the batches still running are left uncommitted in staging for the next sweep to delete.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported, the only way a Java program handles signals)
 * is reached by name: a compile-time reference draws javac's mandatory "internal proprietary API"
 * warning, which no {@code -Xlint} option or annotation silences, and the build compiles with
 * {@code -Werror}.
 */
final class InterruptSignals implements AutoCloseable {
  /** The exit code of a command ended by SIGINT, as shells report it (128 + 2). */
  static final int EXIT = 130;

  private static final Class<?> SIGNAL = type("sun.misc.Signal");
  private static final Class<?> HANDLER = type("sun.misc.SignalHandler");
  /** {@code new Signal(String)}. */
  private static final MethodHandle NEW_SIGNAL;
  /** {@code static SignalHandler Signal.handle(Signal, SignalHandler)}: installs, returns the previous. */
  private static final MethodHandle HANDLE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      NEW_SIGNAL = lookup.findConstructor(SIGNAL, MethodType.methodType(void.class, String.class));
      HANDLE = lookup.findStatic(SIGNAL, "handle", MethodType.methodType(HANDLER, SIGNAL, HANDLER));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final List<Object> signals = new ArrayList<>();
  private final List<Object> previous = new ArrayList<>();

  private InterruptSignals() {
  }

  /**
   * Installs the handlers until {@link #close}.
   *
   * @param dir named in the line printed when a second signal stops at once
   */
  static InterruptSignals install(Interruption stop, PrintWriter err, String dir) {
    InterruptSignals s = new InterruptSignals();
    Runnable onSignal = () -> {
      if (!stop.request()) {
        err.println("interrupted again: stopping now; the batches committed so far are kept in " + dir
            + "; run the same command to resume");
        err.flush();
        Runtime.getRuntime().halt(EXIT);
      }
    };
    Object handler = handler(onSignal);
    for (String name : new String[] {"INT", "TERM"}) {
      Object sig;
      try {
        sig = NEW_SIGNAL.invoke(name);
      } catch (IllegalArgumentException unsupported) {
        continue; // a platform without this signal: keep its default
      } catch (Throwable t) {
        throw new IllegalStateException("cannot name signal " + name, t);
      }
      try {
        s.previous.add(HANDLE.invoke(sig, handler));
        s.signals.add(sig);
      } catch (IllegalArgumentException reserved) {
        // a signal the JVM reserves: keep its default
      } catch (Throwable t) {
        throw new IllegalStateException("cannot handle signal " + name, t);
      }
    }
    return s;
  }

  /** A {@code SignalHandler} whose {@code handle(Signal)} runs {@code onSignal}. */
  private static Object handler(Runnable onSignal) {
    return Proxy.newProxyInstance(HANDLER.getClassLoader(), new Class<?>[] {HANDLER}, (proxy, method, args) -> {
      switch (method.getName()) {
        case "handle" -> {
          onSignal.run();
          return null;
        }
        case "equals" -> {
          return proxy == args[0];
        }
        case "hashCode" -> {
          return System.identityHashCode(proxy);
        }
        case "toString" -> {
          return "shattered interrupt handler";
        }
        default -> throw new UnsupportedOperationException(method.getName());
      }
    });
  }

  private static Class<?> type(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public void close() {
    for (int i = 0; i < signals.size(); i++) {
      try {
        HANDLE.invoke(signals.get(i), previous.get(i));
      } catch (Throwable t) {
        throw new IllegalStateException("cannot restore the handler of " + signals.get(i), t);
      }
    }
  }
}
