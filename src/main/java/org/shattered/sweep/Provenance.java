package org.shattered.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.Properties;

/**
 * Where a result came from: project version and git commit, config hash, Spark and ND4J versions.
 * The JVM and host are read on the executor that ran the task.
 *
 * @param projectVersion the project's version from the build
 * @param gitCommit the commit the launcher was run from, or "unknown"
 * @param configHash hash of the resolved sweep configuration
 * @param sparkVersion Spark's version
 * @param nd4jVersion ND4J's version
 * @param runId identifies the run (driver start time, UTC)
 */
public record Provenance(String projectVersion, String gitCommit, String configHash, String sparkVersion,
    String nd4jVersion, String runId) implements java.io.Serializable {

  /** Provenance of this process; {@code sparkVersion} is passed in so this class needs no session. */
  public static Provenance current(String configHash, String sparkVersion, String runId) {
    return new Provenance(buildVersion(), System.getProperty("shattered.git.commit", "unknown"), configHash,
        sparkVersion, nd4jBuildVersion(), runId);
  }

  public static String buildVersion() {
    return property("/shattered-build.properties", "version");
  }

  public static String nd4jBuildVersion() {
    return property("/META-INF/maven/org.nd4j/nd4j-api/pom.properties", "version");
  }

  private static String property(String resource, String key) {
    try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty(key, "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** This JVM, e.g. "17.0.15 (Debian)". */
  public static String jvm() {
    return System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
  }

  public static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
