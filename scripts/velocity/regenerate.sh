#!/bin/sh
# Regenerates Tests/VelocityTests/Differential/DifferentialCorpus.swift: renders every template
# of scripts/velocity/corpus/*.vtl with Apache Velocity 1.7 (Debian package `velocity`, run by
# Java 11+). Not part of `make test`; run it after changing the corpus, then review the diff.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

if [ ! -f /usr/share/java/velocity-1.7.jar ]; then
    echo "Installing Apache Velocity 1.7 (Debian package velocity)..." >&2
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y velocity; else sudo apt-get install -y velocity; fi
fi
command -v java >/dev/null || { echo "regenerate.sh: java (11 or later) is required" >&2; exit 1; }

classpath=/usr/share/java/velocity-1.7.jar:/usr/share/java/commons-collections3.jar:/usr/share/java/commons-lang.jar
java -cp "$classpath" "$here/DifferentialRunner.java" \
    "$here/corpus" "${OUTPUT:-$root/Tests/VelocityTests/Differential/DifferentialCorpus.swift}" ${1:+"$1"}
