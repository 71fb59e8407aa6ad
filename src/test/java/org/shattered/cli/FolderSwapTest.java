package org.shattered.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder is replaced only by a complete new one; a build that fails halfway changes nothing. */
class FolderSwapTest {
  @TempDir
  Path tmp;

  private List<String> names(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aBuildThatFailsHalfwayLeavesTheOldFolderAndNoSibling() throws IOException {
    Path target = Files.createDirectories(tmp.resolve("page"));
    Files.writeString(target.resolve("index.html"), "old");
    assertThrows(UncheckedIOException.class, () -> FolderSwap.build(target, staged -> {
      try {
        Files.writeString(staged.resolve("index.html"), "half");
        Files.writeString(staged.resolve("figure.png"), "half");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      throw new UncheckedIOException(new IOException("disk full while writing the notebook"));
    }));
    assertEquals(List.of("index.html"), names(target));
    assertEquals("old", Files.readString(target.resolve("index.html")));
    assertEquals(List.of("page"), names(tmp));
  }

  @Test
  void aCompleteBuildReplacesEveryFileOfTheOldFolder() throws IOException {
    Path target = Files.createDirectories(tmp.resolve("page"));
    Files.writeString(target.resolve("stale.png"), "old figure");
    String r = FolderSwap.build(target, staged -> {
      assertEquals("page", staged.getFileName().toString());
      assertFalse(staged.equals(target));
      try {
        Files.writeString(staged.resolve("index.html"), "new");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return "done";
    });
    assertEquals("done", r);
    assertEquals(List.of("index.html"), names(target));
    assertEquals(List.of("page"), names(tmp));
    Path fresh = tmp.resolve("new-page");
    FolderSwap.build(fresh, staged -> null);
    assertEquals(List.of(), names(fresh));
  }
}
