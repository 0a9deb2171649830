# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK 25 or newer.
# Looks at $JAVA_HOME first, then at JDKs installed beside the machine's default java.

sluice_java_feature() { # prints the feature version of the JDK at $1, or nothing
  local release="$1/release" v
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  else
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p')
  fi
  echo "$v"
}

sluice_find_jdk() {
  local candidate v looked=()
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(sluice_java_feature "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then echo "$JAVA_HOME"; return 0; fi
    looked+=("JAVA_HOME=$JAVA_HOME (version ${v:-unknown})")
  fi
  local default_java dirs=()
  default_java=$(command -v java 2>/dev/null || true)
  if [ -n "$default_java" ]; then
    dirs+=("$(dirname "$(dirname "$(readlink -f "$default_java")")")/..")
  fi
  dirs+=(/usr/lib/jvm /usr/local/lib/jvm /opt/java /opt "$HOME/.sdkman/candidates/java" "$HOME/.jdks")
  for dir in "${dirs[@]}"; do
    [ -d "$dir" ] || continue
    for candidate in "$dir"/*; do
      [ -d "$candidate" ] || continue
      v=$(sluice_java_feature "$candidate")
      if [ -n "$v" ] && [ "$v" -ge 25 ]; then readlink -f "$candidate"; return 0; fi
    done
    looked+=("$dir")
  done
  echo "error: no JDK 25 or newer found; looked at: ${looked[*]}. Install one (e.g. Temurin 25) or set JAVA_HOME to it." >&2
  return 1
}

JAVA_HOME=$(sluice_find_jdk) || exit 1
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own libraries call sun.misc.Unsafe; keep the build output readable on JDK 25.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
