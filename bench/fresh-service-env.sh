# Sourced by bench/cpu-split.sh and bench/profile.sh: a fresh MariaDB database for one measured
# service, its ./data folder, the datasource settings exported for it, and a credential for the load
# generator (KCBX_BENCH_TOKEN), issued as an operator would (which also migrates the new database).
# fresh_service_env JAR DB DIR LABEL
fresh_service_env() {
  local jar=$1 db=$2 dir=$3 label=$4
  mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\` CHARACTER SET utf8mb4"
  export KCBX_DATA_PATH="$PWD/$dir/service-data"
  rm -rf "$KCBX_DATA_PATH"
  export DATASOURCES_DEFAULT_URL="jdbc:mysql://127.0.0.1:3306/$db?createDatabaseIfNotExist=true&characterEncoding=UTF-8&useServerPrepStmts=true&cachePrepStmts=true"
  export DATASOURCES_DEFAULT_DRIVER_CLASS_NAME=com.mysql.cj.jdbc.Driver
  export DATASOURCES_DEFAULT_USERNAME=root DATASOURCES_DEFAULT_PASSWORD=
  KCBX_BENCH_TOKEN=$(java -cp "$jar" kcbx.security.CredentialsCli issue \
    --role SCHOOL_SYSTEM --school '*' --label "$label" 2>"$dir/credential.log")
  export KCBX_BENCH_TOKEN
}
