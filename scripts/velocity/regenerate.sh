#!/bin/sh
# Regenerates Tests/VelocityTests/Differential/DifferentialCorpus.swift: renders every template
# of scripts/velocity/corpus/*.vtl with Apache Velocity 1.7 (Debian package `velocity`, run by
# Java 11+), installing them with apt-get when missing. Not part of `make test`: run it after
# changing the corpus, then review the diff. OUTPUT=file writes elsewhere; an argument names a
# file for a one-line-per-case dump (name, template, output) handy for grepping.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
missing=""
[ -f /usr/share/java/velocity-1.7.jar ] || missing="velocity"
command -v java >/dev/null || missing="$missing default-jre-headless"
if [ -n "$missing" ]; then
    echo "Installing$missing ..." >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

classpath=/usr/share/java/velocity-1.7.jar:/usr/share/java/commons-collections3.jar:/usr/share/java/commons-lang.jar
java -cp "$classpath" "$here/DifferentialRunner.java" \
    "$here/corpus" "${OUTPUT:-$root/Tests/VelocityTests/Differential/DifferentialCorpus.swift}" ${1:+"$1"}
