package org.shattered.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.shattered.sweep.SweepIdentity;

/**
 * Writes the report of a results directory: the aggregates (Parquet, in a cache directory, see
 * {@link #defaultAggregates}), then into the output folder the figures (PNG, SVG), their CSVs,
 * index.html and NAME.ipynb. The results directory is only read, so a report works on results it
 * cannot write into.
 */
public final class ReportGenerator {

  /** What was written. */
  public record Written(Path out, List<Figure> figures, List<Path> files) {
  }

  /**
   * SVGs longer than this (about 1 MB: figures whose heat maps are embedded in the SVG as raster images)
   * are not written, to keep the exports small; the PNG is, and the page says why there is no SVG.
   */
  static final int MAX_SVG_CHARS = 1_000_000;

  private final SparkSession spark;

  public ReportGenerator(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Makes the report.
   *
   * @param results the results directory of a sweep (refused with a SpecException if missing or empty)
   * @param out the output folder; its last name is the notebook's name
   * @param sweepCommand the command that ran the sweep (recorded in the page), or null to take it from the
   *     run records of the results directory ({@link RunHistory})
   * @param reportCommand the command that writes this report (recorded in the page)
   */
  public Written write(String results, Path out, String sweepCommand, String reportCommand) {
    return write(results, out, sweepCommand, reportCommand, defaultAggregates(results));
  }

  /**
   * {@link #write(String, Path, String, String)} with the aggregates (Parquet, one folder each)
   * under {@code aggregates}, any Hadoop path; on a cluster, one every executor can write.
   */
  public Written write(String results, Path out, String sweepCommand, String reportCommand, String aggregates) {
    System.setProperty("java.awt.headless", "true");
    org.shattered.sweep.ResultStore store = org.shattered.sweep.ResultStore.open(spark, results);
    if (!store.hasData("tasks") && store.hasData(org.shattered.sweep.TrainingSchema.TASKS)) {
      return new TrainingReport(spark).write(store, results, out, sweepCommand, reportCommand);
    }
    ResultViews views = ResultViews.register(spark, results);
    Aggregator aggregator = new Aggregator(spark, new org.apache.hadoop.fs.Path(aggregates));
    Map<String, Aggregate> aggs = aggregator.run();

    List<Figure> figures = new ArrayList<>();
    // a phase sweep varies the activation and the variances, which the other figures' groups do not hold
    PhaseFigures phase = new PhaseFigures(aggs);
    List<Figure> theory = List.of();
    if (phase.present()) {
      figures.addAll(phase.all());
    } else {
      NetworkMixture.refuseMixedGroups(spark, results);
      new Figure1(spark, aggregator, aggs).make().ifPresent(figures::add);
      java.util.function.Function<String, Table> query = sql -> Table.of(spark.sql(sql));
      theory = NetworkMixture.allRelu(spark) ? new TheoryFigures(aggs).all() : List.of();
      figures.addAll(theory);
      figures.addAll(new DepthFigures(aggs, query).all());
      figures.addAll(new GateFigures(aggs, query).all());
      figures.addAll(new PathFigures(aggs).all());
    }

    String identity = identity(views.store());
    RunHistory history = RunHistory.read(views.store().dir(), spark.sparkContext().hadoopConfiguration());
    ProvenanceSection prov = new ProvenanceSection(ProvenanceSection.SQL, Table.of(spark.sql(ProvenanceSection.SQL)), identity,
        sweepLines(sweepCommand, history, identity, results), reportCommand, history.table());
    PageFindings findings = phase.present() ? PageFindings.text(phase.digest())
        : PageFindings.of("The theorems' test: the ensemble pair correlation over all input pairs against the theory's "
            + "curves (z-scores in each theory figure's table).", TheoryFigures.verdicts(theory), "",
            new Table(List.of(), List.of())).and(Findings.of(aggs));
    return writePage(out, figures, prov, findings, views(aggs), views.store());
  }

  /**
   * The shell lines that ran the sweep: {@code sweepCommand} when given, else the run records', else
   * one derived from the sweep's name (and a comment saying so).
   */
  static List<String> sweepLines(String sweepCommand, RunHistory history, String identity, String results) {
    String sweepName = java.util.Objects.requireNonNullElse(SweepIdentity.parse(identity).name(), "SWEEP");
    if (sweepCommand != null) {
      return List.of(sweepCommand);
    } else if (!history.isEmpty()) {
      return history.sweepLines();
    }
    return List.of("# no run records in " + results + " (written before sweeps kept them): this command is "
        + "derived from the sweep's name and may differ from what ran",
        "jobs/shattered sweep jobs/" + sweepName + ".conf --out " + results);
  }

  /** {@link #writePage(Path, List, ProvenanceSection, PageFindings, Map, org.shattered.sweep.ResultStore)} with plain-text findings. */
  static Written writePage(Path out, List<Figure> figures, ProvenanceSection prov, String findings,
      Map<String, String> views, org.shattered.sweep.ResultStore store) {
    return writePage(out, figures, prov, PageFindings.text(findings), views, store);
  }

  /**
   * Writes the page into {@code out}: each figure's PNG, SVG (unless too large) and CSV, index.html
   * (findings first) and NAME.ipynb (NAME the folder's name).
   */
  static Written writePage(Path out, List<Figure> figures, ProvenanceSection prov, PageFindings findings,
      Map<String, String> views, org.shattered.sweep.ResultStore store) {
    return writePage(out, figures, prov, findings, views,
        "file".equals(store.dir().toUri().getScheme()) ? store.dir().toUri().getPath() : store.dir().toString());
  }

  /** {@link #writePage(Path, List, ProvenanceSection, PageFindings, Map, org.shattered.sweep.ResultStore)} with the results directory the notebook reads. */
  static Written writePage(Path out, List<Figure> figures, ProvenanceSection prov, PageFindings findings,
      Map<String, String> views, String results) {
    String name = out.getFileName().toString();
    try {
      Files.createDirectories(out);
      List<Path> files = new ArrayList<>();
      Map<String, byte[]> pngs = new LinkedHashMap<>();
      Map<String, String> noSvg = new LinkedHashMap<>();
      Map<String, String> narrowFiles = new LinkedHashMap<>();
      for (Figure f : figures) {
        byte[] png = f.canvas().png();
        pngs.put(f.name(), png);
        files.add(Files.write(out.resolve(f.name() + ".png"), png));
        String why = writeSvg(f, out, MAX_SVG_CHARS, files);
        if (why != null) {
          noSvg.put(f.name(), why);
        }
        Canvas narrow = f.canvas().narrow();
        if (narrow != null) {
          narrowFiles.put(f.name(), writeNarrow(f.name(), narrow, f.svg() && why == null, out, files));
        }
        f.data().writeCsv(out.resolve(f.name() + ".csv"));
        files.add(out.resolve(f.name() + ".csv"));
      }
      files.add(Files.writeString(out.resolve("index.html"), HtmlPage.render(name, figures, noSvg, narrowFiles, prov,
          findings, views),
          StandardCharsets.UTF_8));
      files.add(Files.writeString(out.resolve(name + ".ipynb"), Notebook.render(name, figures, pngs, prov, findings,
          results),
          StandardCharsets.UTF_8));
      return new Written(out, figures, files);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The definitions of the aggregate views, by name, as the page lists them. */
  private static Map<String, String> views(Map<String, Aggregate> aggs) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("series", ResultViews.SERIES);
    aggs.forEach((name, a) -> out.put(name, a.sql()));
    return out;
  }

  /**
   * Where a report of {@code results} writes its aggregates by default: a cache directory of this
   * user, {@code $XDG_CACHE_HOME/shattered/aggregates/} (else {@code ~/.cache/...}, else the temporary
   * directory), in a folder named after the results directory and a hash of its full path. Not the
   * results directory, which a report only reads (it may be read-only), and not the report folder,
   * whose copies (notebooks-export) are kept small.
   */
  public static String defaultAggregates(String results) {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    if (!Files.isDirectory(base) ? !Files.isWritable(base.getParent() == null ? base : base.getParent())
        : !Files.isWritable(base)) {
      base = Path.of(System.getProperty("java.io.tmpdir"));
    }
    String full;
    try {
      java.net.URI u = new java.net.URI(results);
      full = u.getScheme() == null || u.getScheme().length() == 1 ? Path.of(results).toAbsolutePath().normalize()
          .toString() : results;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      full = Path.of(results).toAbsolutePath().normalize().toString();
    }
    String name = full.replaceAll("/+$", "");
    name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
    String hash;
    try {
      hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(full.getBytes(StandardCharsets.UTF_8)), 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return base.resolve("shattered").resolve("aggregates").resolve(name + "-" + hash).toAbsolutePath().toUri()
        .toString();
  }

  /**
   * Writes {@code f}'s NAME.svg into {@code out} (and adds it to {@code files}) unless its text is longer
   * than {@code maxChars}: then returns why there is none, for the page (null when written, or when the
   * figure has no SVG).
   */
  static String writeSvg(Figure f, Path out, int maxChars, List<Path> files) throws IOException {
    if (!f.svg()) {
      return null;
    }
    String svg = f.canvas().svg();
    if (svg.length() > maxChars) {
      boolean raster = f.canvas().panels().stream().anyMatch(Canvas.Panel::raster);
      return String.format(java.util.Locale.ROOT, "its SVG would be %.1f MB, over the report's limit of %.1f MB "
          + "for one SVG file%s; the PNG shows the same figure", svg.length() / 1e6, maxChars / 1e6,
          raster ? " (its heat maps are raster images inside the SVG)" : "");
    }
    files.add(Files.writeString(out.resolve(f.name() + ".svg"), svg, StandardCharsets.UTF_8));
    return null;
  }

  /**
   * Writes the figure's charts drawn for a narrow window ({@link Canvas#narrow()}) into {@code out} as
   * NAME-narrow.svg (when the figure has an SVG and this one is within {@link #MAX_SVG_CHARS}) or
   * NAME-narrow.png, adds it to {@code files} and returns its file name.
   */
  static String writeNarrow(String name, Canvas narrow, boolean svg, Path out, List<Path> files) throws IOException {
    if (svg) {
      String text = narrow.svg();
      if (text.length() <= MAX_SVG_CHARS) {
        files.add(Files.writeString(out.resolve(name + "-narrow.svg"), text, StandardCharsets.UTF_8));
        return name + "-narrow.svg";
      }
    }
    files.add(Files.write(out.resolve(name + "-narrow.png"), narrow.png()));
    return name + "-narrow.png";
  }

  /** The text of the results directory's {@code _sweep.properties} ("" when it has none). */
  String identity(org.shattered.sweep.ResultStore store) {
    return SweepIdentity.readText(spark.sparkContext().hadoopConfiguration(), store.dir().toString()).orElse("");
  }
}
