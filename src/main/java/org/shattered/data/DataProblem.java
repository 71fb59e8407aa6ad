package org.shattered.data;

import java.nio.file.Path;
import org.shattered.spec.SpecException;

/**
 * A missing or damaged dataset is bad input: a {@link SpecException} (one line, exit 2) for the key
 * {@code data-dir}, naming the folder, the file and the Debian package that installs the data.
 */
final class DataProblem {
  static final String INSTALL = "apt-get install dataset-fashion-mnist";

  private DataProblem() {}

  static SpecException of(Path file, String problem) {
    Path parent = file.toAbsolutePath().getParent();
    return new SpecException("data-dir", (parent == null ? "." : parent.toString()) + ": " + file.getFileName() + " "
        + problem + " (install the dataset with `" + INSTALL + "`)");
  }
}
