package org.shattered.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Function;
import org.apache.commons.io.FileUtils;

/**
 * Replaces a folder only with a complete new one: the new content is built in a hidden sibling
 * ({@code .NAME.building-*}, on the same file system so that the swap is a rename), and only when
 * it is complete is the old folder moved aside and the new one renamed into its place. If building
 * fails, the old folder is untouched and the sibling is deleted; if the final rename fails, the old
 * folder is moved back.
 */
final class FolderSwap {
  private FolderSwap() {
  }

  /**
   * Builds {@code target} with {@code build}, which receives the folder to write (same last name as
   * {@code target}, empty), and swaps it in.
   */
  static <T> T build(Path target, Function<Path, T> build) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path work = Files.createTempDirectory(parent, "." + target.getFileName() + ".building-");
    try {
      Path staged = work.resolve(target.getFileName().toString());
      Files.createDirectory(staged);
      T result = build.apply(staged);
      swap(staged, target, work.resolve("previous"));
      return result;
    } finally {
      deleteTree(work);
    }
  }

  /** Moves {@code target} (if present) to {@code aside}, then {@code staged} to {@code target}. */
  static void swap(Path staged, Path target, Path aside) throws IOException {
    boolean hadOld = Files.exists(target);
    if (hadOld) {
      move(target, aside);
    }
    try {
      move(staged, target);
    } catch (IOException | RuntimeException e) {
      if (hadOld) {
        move(aside, target);
      }
      throw e;
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  /**
   * Deletes the work folder, as far as it can (a leftover hidden sibling blocks nothing): the report
   * is in place already, or the original error is the one to report. Commons IO (which Spark brings)
   * is the project's one recursive delete.
   */
  static void deleteTree(Path root) {
    FileUtils.deleteQuietly(root.toFile());
  }
}
