#!/usr/bin/env bash
# Builds the base image of the tickwire container as a Docker image tarball (the format of
# `docker save`), without a Docker daemon and without a registry:
#
#   * a Java 17 runtime cut by jlink from the local JDK (only the modules tickwire needs),
#   * the C and C++ runtime and zlib from Debian's packages (libc6, libgcc-s1, libstdc++6,
#     zlib1g) and the C.UTF-8 locale (from libc-bin, nothing else of it), downloaded with
#     apt-get and unpacked with dpkg-deb (nothing is installed on this machine),
#   * /etc/passwd and /etc/group with the user tickwire (uid and gid 10001), /tmp,
#     /opt/tickwire as the working directory and /opt/tickwire/data, owned by tickwire, for
#     what a node keeps on disk (the transaction monitor's watch list).
#
# No shell, no package manager. Jib puts the application on top (`make image`). The same JDK
# and the same package versions give the same bytes: file times, owners and order are fixed.
#
# Usage: deploy/container/base-image.sh [output.tar]   (default target/image/tickwire-base.tar)
# Environment: JAVA_HOME (a JDK 17 with jmods; default: the JDK of `javac` on the PATH).
set -euo pipefail
cd "$(dirname "$0")/../.."

out=${1:-target/image/tickwire-base.tar}
work=target/image/base
debs=target/image/debs
packages=(libc6 libgcc-s1 libstdc++6 zlib1g libc-bin)
# What jdeps finds in the runtime jar, plus TCP keep-alive options (Hazelcast), TLS with EC keys
# (JWKS over https), DNS through JNDI, zip file systems, and jcmd for thread and heap dumps.
modules=java.base,java.compiler,java.desktop,java.naming,java.scripting,java.sql,jdk.jfr,\
jdk.management,jdk.net,jdk.unsupported,jdk.crypto.ec,jdk.naming.dns,jdk.zipfs,jdk.jcmd,jdk.attach

fail() { echo "base-image: $*" >&2; exit 1; }

for tool in apt-get dpkg-deb tar sha256sum; do
  command -v "$tool" >/dev/null || fail "needs $tool (a Debian or Ubuntu machine)"
done
if [ -z "${JAVA_HOME:-}" ]; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")") \
    || fail "set JAVA_HOME to a JDK 17"
fi
[ -x "$JAVA_HOME/bin/jlink" ] || fail "no jlink in $JAVA_HOME (set JAVA_HOME to a JDK 17)"
[ -d "$JAVA_HOME/jmods" ] || fail "no jmods in $JAVA_HOME: jlink needs a full JDK 17"
version=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java.specification.version = //p')
[ "$version" = "17" ] || fail "$JAVA_HOME is Java $version; the image runs Java 17"
arch=$(dpkg --print-architecture)
[ "$arch" = "amd64" ] || [ "$arch" = "arm64" ] || fail "unsupported architecture $arch"

rm -rf "$work"
mkdir -p "$work/rootfs" "$debs" "$(dirname "$out")"
root=$work/rootfs

# 1. The C runtime from Debian's packages. Downloaded once into target/image/debs and reused,
# so a second build needs no network.
missing=()
for package in "${packages[@]}"; do
  ls "$debs/${package}_"*.deb >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sandbox=()
  [ "$(id -u)" = "0" ] && sandbox=(-o APT::Sandbox::User=root)
  (cd "$debs" && apt-get download "${sandbox[@]}" "${missing[@]}") \
    || fail "apt-get download failed (run 'apt-get update' once, as root)"
fi
: > "$work/packages.txt"
for package in "${packages[@]}"; do
  deb=$(ls "$debs/${package}_"*.deb | tail -1)
  if [ "$package" = libc-bin ]; then
    # Only the compiled C.UTF-8 locale, so that Java reads and writes UTF-8 (LANG=C.UTF-8).
    dpkg-deb -x "$deb" "$work/libc-bin"
    mkdir -p "$root/usr/lib/locale"
    cp -a "$work/libc-bin/usr/lib/locale/C.utf8" "$root/usr/lib/locale/"
  else
    dpkg-deb -x "$deb" "$root"
  fi
  dpkg-deb --showformat='${Package}=${Version}\n' -W "$deb" >> "$work/packages.txt"
done
rm -rf "$root/usr/share/doc" "$root/usr/share/lintian" "$root/usr/share/locale" \
  "$root/usr/share/gcc" "$root/usr/share/gdb" "$root/etc/ld.so.conf.d"

# 2. The Java runtime, cut from the local JDK.
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages \
  --no-header-files --compress=2 --output "$root/opt/java"
java_version=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$root/opt/java/release")

# 3. Users, name service, directories.
mkdir -p "$root/etc" "$root/tmp" "$root/opt/tickwire" "$root/root"
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
cat > "$root/etc/passwd" <<'TEXT'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
tickwire:x:10001:10001:tickwire:/opt/tickwire:/sbin/nologin
TEXT
cat > "$root/etc/group" <<'TEXT'
root:x:0:
nogroup:x:65534:
tickwire:x:10001:
TEXT
cat > "$root/etc/nsswitch.conf" <<'TEXT'
passwd: files
group: files
hosts: files dns
TEXT
cp "$work/packages.txt" "$root/opt/java/debian-packages.txt"

# 4. One layer, byte for byte reproducible: everything owned by root, then the data directory
# owned by tickwire (appended, so that building needs no root).
layer=$work/layer.tar
tar_options=(--sort=name --mtime=@0 --numeric-owner
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime)
tar "${tar_options[@]}" --owner=0 --group=0 -cf "$layer" -C "$root" $(cd "$root" && ls -A)
mkdir -p "$root/opt/tickwire/data"
chmod 750 "$root/opt/tickwire/data"
tar "${tar_options[@]}" --owner=10001 --group=10001 -rf "$layer" -C "$root" opt/tickwire/data
diff_id=$(sha256sum "$layer" | cut -d' ' -f1)

packages_label=$(paste -sd, "$work/packages.txt")
config="{\"architecture\":\"$arch\",\"os\":\"linux\",\"created\":\"1970-01-01T00:00:00Z\",\
\"config\":{\"User\":\"10001:10001\",\"WorkingDir\":\"/opt/tickwire\",\
\"Env\":[\"PATH=/opt/java/bin:/usr/bin:/bin\",\"JAVA_HOME=/opt/java\",\"LANG=C.UTF-8\",\"TZ=UTC\"],\
\"Labels\":{\"io.tickwire.base.java\":\"$java_version\",\"io.tickwire.base.debian-packages\":\"$packages_label\"}},\
\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:$diff_id\"]},\
\"history\":[{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"deploy/container/base-image.sh\"}]}"
printf '%s' "$config" > "$work/config.json"
config_id=$(sha256sum "$work/config.json" | cut -d' ' -f1)

image=$work/image
mkdir -p "$image/$diff_id"
mv "$layer" "$image/$diff_id/layer.tar"
mv "$work/config.json" "$image/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["tickwire-base:17"],"Layers":["%s/layer.tar"]}]' \
  "$config_id" "$diff_id" > "$image/manifest.json"
# No "./" entry: Jib refuses an archive entry that does not name a file inside it.
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$out" -C "$image" \
  manifest.json "$config_id.json" "$diff_id"
rm -rf "$work"

echo "base-image: $out (Java $java_version; $packages_label)"
echo "base-image: sha256 $(sha256sum "$out" | cut -d' ' -f1), $(du -h "$out" | cut -f1)"
