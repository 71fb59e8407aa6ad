package org.shattered.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import org.apache.spark.sql.catalyst.plans.logical.TransactionalWrite;
import org.apache.spark.sql.catalyst.plans.logical.V2WriteCommand;
import org.apache.spark.sql.execution.SparkSqlParser;
import org.apache.spark.sql.execution.command.ExplainCommand;
import org.shattered.spec.SpecException;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Decides whether a statement given to {@code shattered sql} only reads, on the plan Spark's parser
 * makes of it (never on its text, which comments, CTEs and quoting make unreliable). A statement is
 * read-only when no node of its parsed tree, including CTE definitions, subqueries and the statement
 * inside an EXPLAIN, is a command other than the listed read-only ones (SHOW ..., DESCRIBE ...,
 * EXPLAIN), nor a write that Spark does not model as a command (INSERT, INSERT OVERWRITE DIRECTORY,
 * EXECUTE IMMEDIATE), and no expression calls a Java method ({@code reflect}, {@code java_method}).
 * Session commands (SET, CACHE TABLE, CREATE TEMPORARY VIEW, ADD JAR, USE) are refused too: each
 * {@code sql} run is a fresh session that ends with the statement, so they could only have side
 * effects (a cache spilled to disk, a loaded jar), never a use.
 */
final class ReadOnlyStatement {

  /** Commands that only read the catalog or describe a plan. */
  static final Set<String> READ_ONLY_COMMANDS = Set.of("ShowTables", "ShowTablesExtended", "ShowTableExtended",
      "ShowViews", "ShowColumns", "ShowFunctions", "ShowNamespaces", "ShowNamespacesCommand", "ShowCatalogs",
      "ShowCurrentNamespace", "ShowCurrentNamespaceCommand", "ShowCreateTable", "ShowTableProperties",
      "ShowPartitions", "DescribeRelation", "DescribeColumn", "DescribeFunction", "DescribeNamespace",
      "DescribeQueryCommand", "ExplainCommand");

  /** Functions that call arbitrary Java methods. */
  static final Set<String> REFUSED_FUNCTIONS = Set.of("reflect", "java_method", "try_reflect");

  /** What {@code sql} accepts, for the message. */
  static final String ALLOWED = "allowed: read-only statements (SELECT, WITH, VALUES, TABLE, SHOW, DESCRIBE, EXPLAIN)";

  private ReadOnlyStatement() {
  }

  /**
   * Parses {@code sql} (before any Spark session starts) and throws a {@link SpecException} naming {@code QUERY}, the statement kind and
   * what is allowed unless it only reads. A statement that does not parse is left to Spark, which
   * reports the syntax error when it is run.
   */
  static void require(String sql) {
    LogicalPlan plan;
    try {
      plan = parse(sql);
    } catch (ParseException e) {
      throw new SpecException("QUERY", "does not parse: " + e.getMessage().lines().findFirst().orElse("").trim());
    }
    String refused = refusedNode(plan);
    if (refused != null) {
      throw new SpecException("QUERY", "statement kind " + refused + " refused: queries cannot write or change "
          + "the session; " + ALLOWED);
    }
  }

  /** Spark SQL's own parser (the one a session uses), without starting Spark. */
  static LogicalPlan parse(String sql) throws ParseException {
    return new SparkSqlParser().parsePlan(sql);
  }

  /** The name of the first node that is not read-only (the statement kind), or null when all read. */
  static String refusedNode(LogicalPlan root) {
    Deque<LogicalPlan> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      LogicalPlan p = todo.pop();
      String kind = p.nodeName();
      if (p instanceof Command) {
        if (!READ_ONLY_COMMANDS.contains(kind)) {
          return kind;
        }
      } else if (p instanceof ParsedStatement || p instanceof TransactionalWrite || p instanceof V2WriteCommand
          || kind.equals("InsertIntoDir") || kind.equals("UnresolvedExecuteImmediate")) {
        return kind;
      }
      if (p instanceof ExplainCommand e) {
        todo.push(e.logicalPlan());
      }
      for (Expression e : CollectionConverters.asJava(p.expressions())) {
        String f = refusedFunction(e);
        if (f != null) {
          return "function " + f;
        }
      }
      CollectionConverters.asJava(p.children()).forEach(todo::push);
      CollectionConverters.asJava(p.subqueries()).forEach(todo::push);
      for (Object inner : CollectionConverters.asJava(p.innerChildren())) {
        if (inner instanceof LogicalPlan lp) {
          todo.push(lp);
        }
      }
    }
    return null;
  }

  private static String refusedFunction(Expression root) {
    Deque<Expression> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Expression e = todo.pop();
      if (e instanceof UnresolvedFunction f) {
        String name = f.nameParts().last().toLowerCase(Locale.ROOT);
        if (REFUSED_FUNCTIONS.contains(name)) {
          return name;
        }
      }
      CollectionConverters.asJava(e.children()).forEach(todo::push);
    }
    return null;
  }
}
