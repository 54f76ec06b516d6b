#!/usr/bin/env bash
# Smoke test of the starter and the sample application on Spring Boot 3.5.x (Boot's managed
# reactor 3.7, reactor-netty 1.2, Netty 4.1, Jackson 2.19). Not part of `mvn verify`: the starter
# is compiled against Boot 4. Run after `mvn -B verify` (or `mvn -B -DskipTests test-compile`)
# at the top of the repository. Prints SMOKE OK and exits 0 when every check passes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
top="$(cd "$here/../../../.." && pwd)"
work="$top/spring-boot/target/boot35-smoke"
mkdir -p "$work/classes"
mvn -B -q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/cp.txt"
cp="$(cat "$work/cp.txt"):$top/core/target/classes:$top/reactor-adapter/target/classes"
cp="$cp:$top/testing/target/classes:$top/spring-boot/target/classes:$top/spring-boot/target/test-classes"
javac -d "$work/classes" -cp "$cp" "$here/Boot35Smoke.java"
java -cp "$work/classes:$cp" Boot35Smoke
