# Sourced by jobs/submit and jobs/local-cluster. Defines ROOT, JAVA and spark_home_from_maven, which
# makes target/spark-home: a minimal SPARK_HOME whose jars/ links Spark's own jars from the project's
# Maven classpath (target/classpath.txt), without this project's ND4J/javacpp stack (that travels in
# the application jar). Spark's launcher code needs SPARK_HOME/jars to build executor command lines.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

ensure_classpath() {
  if [ ! -f "$ROOT/target/classpath.txt" ]; then
    echo "building (mvn -B -q -DskipTests compile) ..." >&2
    (cd "$ROOT" && mvn -B -q -DskipTests compile >&2)
  fi
}

spark_home_from_maven() {
  ensure_classpath
  local home="$ROOT/target/spark-home"
  # Rebuilt only when the classpath changed (a running local cluster uses these links).
  if ! cmp -s "$ROOT/target/classpath.txt" "$home/classpath.txt"; then
    rm -rf "$home"
    mkdir -p "$home/jars" "$home/conf"
    tr ':' '\n' < "$ROOT/target/classpath.txt" \
      | grep -Ev '/(org/nd4j|org/bytedeco|com/typesafe/config|info/picocli|com/google/flatbuffers|com/github/oshi|net/java/dev/jna|net/ericaro)/' \
      | while read -r jar; do [ -n "$jar" ] && ln -sf "$jar" "$home/jars/$(basename "$jar")"; done
    # Quiet clients: warnings only, but keep this project's own messages.
    cat > "$home/conf/log4j2-client.properties" <<'PROPS'
rootLogger.level = warn
rootLogger.appenderRef.stdout.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
logger.shattered.name = org.shattered
logger.shattered.level = info
PROPS
    cp "$ROOT/target/classpath.txt" "$home/classpath.txt"
  fi
  export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13
}
