package org.shattered.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes a directory tree really read-only for a test, also when tests run as root (who ignores
 * permission bits): first by permissions; when a probe file can still be created, with the
 * immutable attribute ({@code chattr +i}, which binds root too, on ext4 and xfs). A test that gets
 * neither is skipped, never passed. Closing restores the tree so that it can be deleted.
 */
public final class ReadOnly implements AutoCloseable {
  private final Path root;
  private final boolean immutable;

  private ReadOnly(Path root, boolean immutable) {
    this.root = root;
    this.immutable = immutable;
  }

  /** Makes {@code root} and everything below it read-only. */
  public static ReadOnly make(Path root) throws IOException, InterruptedException {
    setWritable(root, false);
    if (!canWrite(root)) {
      return new ReadOnly(root, false);
    }
    setWritable(root, true);
    if (run("chattr", "-R", "+i", root.toString()) && !canWrite(root)) {
      return new ReadOnly(root, true);
    }
    run("chattr", "-R", "-i", root.toString());
    Assumptions.abort("cannot make a read-only directory on this machine (neither permissions nor chattr bind)");
    return null;
  }

  /** Whether a file can be created in {@code dir} (the probe is deleted). */
  public static boolean canWrite(Path dir) {
    Path probe = dir.resolve(".probe-" + System.nanoTime());
    try {
      Files.writeString(probe, "x");
      Files.delete(probe);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void setWritable(Path root, boolean writable) throws IOException {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(p));
        for (PosixFilePermission w : List.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE)) {
          if (writable && w == PosixFilePermission.OWNER_WRITE) {
            perms.add(w);
          } else if (!writable) {
            perms.remove(w);
          }
        }
        Files.setPosixFilePermissions(p, perms);
      }
    }
  }

  private static boolean run(String... command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Restores the tree; an interrupt while chattr runs is kept as the thread's flag and reported. */
  @Override
  public void close() throws IOException {
    if (immutable) {
      try {
        run("chattr", "-R", "-i", root.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while restoring " + root, e);
      }
    } else {
      setWritable(root, true);
    }
  }
}
