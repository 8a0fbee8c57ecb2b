# tickwire — the README's commands.
MVN ?= mvn -B -q
JAR := modules/server/target/tickwire.jar
SOURCES := $(shell find pom.xml modules -name pom.xml -o -path '*/src/main/*' -type f 2>/dev/null)

.PHONY: run test build bench cluster image compose-up compose-down clean

run: $(JAR) ## Start one node with the dev profile on http://localhost:8080
	java -Dlogback.configurationFile=conf/logback.xml -jar $(JAR) dev

build: $(JAR)

$(JAR): $(SOURCES)
	$(MVN) -DskipTests install

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
