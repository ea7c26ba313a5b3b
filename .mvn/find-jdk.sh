# Sourced by ./mvnw, ./berth and .ci/run: makes sure JAVA_HOME points at a JDK 21 or newer.
# Keeps a JAVA_HOME that is already new enough; otherwise picks the newest JDK under /usr/lib/jvm
# (or BERTH_JDK_SEARCH_PATH) so a fresh machine whose default java is older still builds.
berth_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1 | cut -d. -f1
}
berth_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ]; then
      major=$(berth_java_major "$candidate/bin/java")
      if [ -n "$major" ] && [ "$major" -ge 21 ]; then export JAVA_HOME="$candidate"; return 0; fi
    fi
  done
  for candidate in $(ls -d ${BERTH_JDK_SEARCH_PATH:-/usr/lib/jvm}/*/ 2>/dev/null | sort -V -r); do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(berth_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then export JAVA_HOME="$candidate"; return 0; fi
  done
  echo "berth: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, searched ${BERTH_JDK_SEARCH_PATH:-/usr/lib/jvm})." >&2
  echo "berth: install one (e.g. apt-get install openjdk-21-jdk or Temurin 21+) or set JAVA_HOME to it." >&2
  return 1
}
berth_find_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
