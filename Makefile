# tickwire — the README's commands.
SHELL := /bin/bash
MVN ?= mvn -B -q
# The build behind make run, build, bench and cluster: it prints one line per Maven project, so
# the first build (minutes, mostly downloading dependencies) is seen to progress; the whole
# output goes to target/build.log.
BUILD_MVN ?= mvn -B -ntp
BUILD_LOG := target/build.log
JAR := modules/server/target/tickwire.jar
SOURCES := $(shell find pom.xml modules -name pom.xml -o -path '*/src/main/*' -type f 2>/dev/null)

.PHONY: run test build bench cluster image screenshot compose-up compose-down clean

run: $(JAR) ## Start one node with the dev profile on http://localhost:8080
	java -Dlogback.configurationFile=conf/logback.xml -jar $(JAR) dev

build: $(JAR)

$(JAR): $(SOURCES)
	@mkdir -p $(dir $(BUILD_LOG))
	@echo "Building tickwire (the first build downloads the dependencies: a few minutes); log in $(BUILD_LOG)"
	@set -o pipefail; $(BUILD_MVN) -DskipTests install 2>&1 | tee $(BUILD_LOG) | sed -un \
	  -e 's/.*Building \(tickwire.*\) [0-9][^ ]*  *\(\[[0-9]*\/[0-9]*\]\).*/  \2 \1/p' \
	  -e '/\[ERROR\]/p' -e 's/.*\(BUILD [A-Z]*\).*/  \1/p' -e 's/.*Total time: *\(.*\)/  in \1/p'

bench: $(JAR) ## Benchmarks, tickwire beside a raw Vert.x broadcast: bench-results/ and docs/benchmarks.md
	java -jar modules/bench/target/tickwire-bench.jar suite $(BENCH_ARGS)

cluster: $(JAR) ## Start three clustered nodes on 8081, 8082, 8083
	deploy/local/cluster.sh

test: ## Run the whole test suite
	mvn -B verify

image: ## Build the container image tickwire:0.1.0 as target/image/tickwire-0.1.0.tar (no Docker needed)
	deploy/container/base-image.sh target/image/tickwire-base.tar
	$(MVN) -Pimage -DskipTests package
	@echo "image: target/image/tickwire-0.1.0.tar (docker load -i …, ctr images import …, kind load image-archive …)"

SCREENSHOT := modules/server/target/e2e/dashboard-desktop.png
screenshot: ## Refresh docs/dashboard.png from the dashboard's browser test (Node.js 20, npm, Chromium)
	@echo "Running the dashboard's browser test (DashboardBrowserTest, about a minute)"
	@rm -f $(SCREENSHOT)
	CI=true $(MVN) -pl modules/server -am verify -Dtest=DashboardBrowserTest -Dsurefire.failIfNoSpecifiedTests=false
	cp $(SCREENSHOT) docs/dashboard.png

IMAGE_TAR := target/image/tickwire-0.1.0.tar
COMPOSE_ENV := deploy/compose/.env
COMPOSE := docker compose -f deploy/compose/compose.yaml --env-file $(COMPOSE_ENV)

compose-up: $(COMPOSE_ENV) ## Three members, PostgreSQL, Prometheus and Grafana in containers (production profile)
	@test -f $(IMAGE_TAR) || $(MAKE) image
	docker load -i $(IMAGE_TAR)
	$(COMPOSE) up -d --wait
	@echo "members http://127.0.0.1:8081 :8082 :8083, Grafana http://127.0.0.1:3000, Prometheus http://127.0.0.1:9090; secrets in $(COMPOSE_ENV)"

compose-down: ## Stop the compose setup (its volumes stay: docker compose ... down -v drops them)
	$(COMPOSE) down

# The compose setup's secrets, written once (never committed): random hex from openssl, or from
# the kernel's generator through od where openssl is missing.
$(COMPOSE_ENV):
	@umask 077; random() { openssl rand -hex "$$1" 2>/dev/null \
	  || od -An -N"$$1" -tx1 /dev/urandom | tr -d ' \n'; }; { \
	  echo "# tickwire compose secrets, written by make compose-up; keep private, never commit"; \
	  echo "TICKWIRE_AUTH_HMAC_SECRET=$$(random 32)"; \
	  echo "TICKWIRE_API_KEYS=$$(random 24)"; \
	  echo "TICKWIRE_CLUSTER_IDENTITY_SECRET=$$(random 32)"; \
	  echo "POSTGRES_PASSWORD=$$(random 24)"; \
	  echo "GRAFANA_ADMIN_PASSWORD=$$(random 16)"; \
	} > $@.tmp && mv $@.tmp $@
	@echo "wrote $@ (random secrets)"

clean:
	$(MVN) clean
