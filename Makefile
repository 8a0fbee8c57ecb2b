# tickwire — the README's commands.
MVN ?= mvn -B -q
JAR := modules/server/target/tickwire.jar
SOURCES := $(shell find pom.xml modules -name pom.xml -o -path '*/src/main/*' -type f 2>/dev/null)

.PHONY: run test build bench cluster image clean

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

clean:
	$(MVN) clean
