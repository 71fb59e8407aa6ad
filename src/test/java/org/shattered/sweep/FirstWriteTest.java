package org.shattered.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shattered.spec.SpecException;
import org.shattered.testing.ReadOnly;

/**
 * The first write into a results directory ({@code _sweep.properties}) fails cleanly: a full disk or
 * a read-only directory is one {@link SpecException} naming --out (exit code 2), no file is left
 * behind, and a later run on the same directory is accepted. Also the messages of a held lock.
 */
class FirstWriteTest {
  @TempDir
  Path tmp;

  /** The local file system, except that every byte written to a file of that name fails as a full disk does. */
  static final class FullDisk extends FilterFileSystem {
    private final String failing;

    FullDisk(FileSystem local, String failing) {
      super(local);
      this.failing = failing;
    }

    @Override
    public FSDataOutputStream create(org.apache.hadoop.fs.Path f, FsPermission permission, boolean overwrite,
        int bufferSize, short replication, long blockSize, Progressable progress) throws IOException {
      FSDataOutputStream real = super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
      if (!f.getName().equals(failing)) {
        return real;
      }
      // the file exists now, as on a real disk that fills at the first byte
      return new FSDataOutputStream(new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          throw new IOException("No space left on device");
        }

        @Override
        public void close() throws IOException {
          real.close();
        }
      }, null);
    }
  }

  private static FileSystem local() throws IOException {
    return FileSystem.getLocal(new Configuration());
  }

  @Test
  void aFullDiskAtTheFirstWriteLeavesNothingAndALaterRunIsAccepted() throws Exception {
    Path dir = tmp.resolve("out");
    ResultStore full = ResultStore.open(null, new FullDisk(local(), "._sweep.properties.tmp"), dir.toString());
    SpecException e = assertThrows(SpecException.class, () -> full.claim("s", "engine=1"));
    assertEquals("--out", e.key());
    assertTrue(e.getMessage().contains("No space left on device") && !e.getMessage().contains("\n"), e.getMessage());
    assertEquals(List.of(), listing(dir), "nothing is left behind");

    ResultStore later = ResultStore.open(null, local(), dir.toString());
    later.claim("s", "engine=1");
    assertEquals("name=s\nsettings=engine=1\n", Files.readString(dir.resolve("_sweep.properties")));
  }

  @Test
  void aTemporaryFileLeftByACrashedFirstWriteDoesNotBlockTheDirectory() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(dir.resolve("._sweep.properties.tmp"), "name=s\nsett");
    ResultStore.open(null, local(), dir.toString()).claim("s", "engine=1");
    assertEquals("name=s\nsettings=engine=1\n", Files.readString(dir.resolve("_sweep.properties")));
    Files.writeString(dir.resolve("foreign.txt"), "x");
    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.writeString(other.resolve("foreign.txt"), "x");
    assertThrows(SpecException.class, () -> ResultStore.open(null, local(), other.toString()).claim("s", "e=1"),
        "other content still makes a directory foreign");
  }

  @Test
  @SuppressWarnings("try") // the read-only tree is a resource held for its effect
  void aReadOnlyDirectoryIsOneLineAndStaysEmpty() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("ro"));
    try (ReadOnly ro = ReadOnly.make(dir)) {
      SpecException e = assertThrows(SpecException.class,
          () -> ResultStore.open(null, local(), dir.toString()).claim("s", "engine=1"));
      assertEquals("--out", e.key());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
    assertEquals(List.of(), listing(dir));
  }

  @Test
  void aLockWhoseHolderIsNotWrittenYetIsReportedAsStartingNotAsEmpty() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("locked"));
    Files.writeString(dir.resolve("_lock"), "");
    SpecException e = assertThrows(SpecException.class, () -> ResultStore.open(null, local(), dir.toString()).lock());
    assertTrue(e.getMessage().contains("in use by another sweep (one that is starting"), e.getMessage());
    assertFalse(e.getMessage().contains("()"), e.getMessage());
    Files.writeString(dir.resolve("_lock"), "host=elsewhere\npid=1\n");
    SpecException held = assertThrows(SpecException.class,
        () -> ResultStore.open(null, local(), dir.toString()).lock());
    assertTrue(held.getMessage().contains("(host=elsewhere pid=1)"), held.getMessage());
  }

  @Test
  @SuppressWarnings("try") // the lock is a resource held for its effect
  void aLockReleasedBetweenLookingAndReadingIsTaken() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("racy"));
    // exists() says yes, the holder has gone by the time it is read: the lock is simply taken
    FileSystem racy = new FilterFileSystem(local()) {
      boolean first = true;

      @Override
      public boolean exists(org.apache.hadoop.fs.Path f) throws IOException {
        if (f.getName().equals("_lock") && first) {
          first = false;
          return true;
        }
        return super.exists(f);
      }
    };
    try (AutoCloseable lock = ResultStore.open(null, racy, dir.toString()).lock()) {
      assertTrue(Files.readString(dir.resolve("_lock")).startsWith("host="));
    }
    assertFalse(Files.exists(dir.resolve("_lock")));
  }

  private static List<String> listing(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
