# kruise-fn: the two commands are `make run` and `make test`. Both install
# what they need (npm packages, the locally built kube-apiserver and etcd).
SHELL := /bin/bash
.DEFAULT_GOAL := help

NODE_TEST := node --import tsx --test --test-reporter=spec
UNIT_TESTS = $(shell find functions shared infra events test/component -name '*.test.ts' 2>/dev/null | sort)
INTEGRATION_TESTS = $(shell find test/integration test/fuzz -name '*.test.ts' 2>/dev/null | sort)

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

node_modules/.install-stamp: package.json package-lock.json
	@command -v node >/dev/null || { echo "node is missing: install Node.js 20.19+ (https://nodejs.org)"; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

.PHONY: install
install: node_modules/.install-stamp ## Install npm dependencies (pinned by package-lock.json)

.PHONY: control-plane
control-plane: ## Build kube-apiserver and etcd into ~/.cache/kruise-fn (reused when present)
	bash infra/dev/build-control-plane.sh

.PHONY: control-plane-core
control-plane-core: ## Build kube-apiserver and etcd only (what `make run` needs) into ~/.cache/kruise-fn (reused when present)
	bash infra/dev/build-control-plane.sh --without-cert-manager

.PHONY: lambda-runtime
lambda-runtime: ## Build the Lambda runtime emulator and install the runtime client into ~/.cache/kruise-fn (reused when present)
	bash infra/lambda/build-runtime.sh

.PHONY: helm
helm: ## Build helm (pinned in infra/dev/versions.env) into ~/.cache/kruise-fn (reused when present)
	@bash infra/dev/build-helm.sh

.PHONY: node-infra
node-infra: ## Install the node puller's test services (containerd, docker-registry, skopeo, umoci; apt-get, only when missing) and the CRI proto
	bash infra/node/install-node-infra.sh

.PHONY: ecr-credential-provider
ecr-credential-provider: ## Build the upstream ecr-credential-provider (pinned in infra/node/versions.env) into ~/.cache/kruise-fn (reused when present)
	@bash infra/node/build-ecr-credential-provider.sh

.PHONY: cri-proto
cri-proto: ## Take the pinned CRI proto from the Go module proxy into ~/.cache/kruise-fn (reused when present)
	@bash infra/node/fetch-cri-proto.sh >/dev/null

.PHONY: go-oracle
go-oracle: ## Build the Go oracles the tests compare against into ~/.cache/kruise-fn (reused when present)
	@bash infra/go-oracle/build.sh >/dev/null
	@bash infra/go-oracle-validation/build.sh >/dev/null

.PHONY: build
build: install cri-proto ## Bundle every function with esbuild into dist/ (prints sizes and load times)
	npx tsx infra/build.ts

.PHONY: manifests
manifests: install ## Regenerate infra/ manifests (CRDs, the Helm chart's generated files) from code
	npx tsx infra/manifests/generate.ts
	npx tsx infra/helm/generate.ts

.PHONY: lint
lint: install ## ESLint and the Prettier format check
	npx eslint .
	npx prettier --check .

.PHONY: typecheck
typecheck: install ## TypeScript strict type check
	npx tsc --noEmit -p .

.PHONY: test-unit
test-unit: install go-oracle helm cri-proto ## Unit tests (pure logic, in process)
	$(NODE_TEST) $(UNIT_TESTS)

.PHONY: test-integration
test-integration: install control-plane lambda-runtime go-oracle helm node-infra ecr-credential-provider ## Integration tests against a real kube-apiserver + etcd
	npx tsx test/support/run-integration.ts $(INTEGRATION_TESTS)

.PHONY: test
test: install control-plane lambda-runtime go-oracle helm node-infra ecr-credential-provider lint typecheck test-unit test-integration ## Everything CI runs

# `make run` bundles without the load-time table, and only when a source changed.
BUNDLE_SOURCES = $(shell find functions shared -name '*.ts' ! -name '*.test.ts' 2>/dev/null) infra/build.ts package-lock.json
dist/.bundles-stamp: $(BUNDLE_SOURCES) | node_modules/.install-stamp
	@bash infra/node/fetch-cri-proto.sh >/dev/null
	npx tsx infra/build.ts --skip-load-time
	@touch $@

.PHONY: run
run: install control-plane-core dist/.bundles-stamp ## Start the local control plane, the functions and the node puller, apply the samples (Ctrl-C stops all)
	@bash infra/node/install-node-infra.sh || echo "[run] make node-infra failed (above): going on without containerd"
	@node --import tsx infra/dev/run.ts

.PHONY: bench
bench: install control-plane lambda-runtime build ## Benchmarks (figures printed; see docs/benchmarks.md)
	npx tsx test/bench/run.ts

.PHONY: clean
clean: ## Remove build output (not the binary cache)
	rm -rf dist
