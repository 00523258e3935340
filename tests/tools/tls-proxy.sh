#!/usr/bin/env bash
# A TLS-terminating proxy (Debian's nginx, grpc_pass) in front of a dev server, for what start-dev cannot do: TLS,
# mTLS, API keys, and certificates that must be refused. Certificates are made here with openssl.
#   tls-proxy.sh start DIR UPSTREAM      writes DIR/proxy.env (the ports) and DIR/*.pem; UPSTREAM is host:port, or
#                                        the server.env of temporal-devserver.sh
#   tls-proxy.sh stop DIR
# Ports: TLS_PORT (a good certificate for localhost and 127.0.0.1), MTLS_PORT (also wants a client certificate),
# APIKEY_PORT (answers 401 unless "authorization: Bearer test-api-key"), EXPIRED_PORT, WRONG_NAME_PORT (a certificate
# for wrong.example only). The access log records each call's method and temporal-namespace header, never a secret.
set -euo pipefail
action="${1:?start or stop}"
dir="${2:?a folder}"

if [ "$action" = "stop" ]; then
  if [ -f "$dir/nginx.pid" ]; then
    kill -QUIT "$(cat "$dir/nginx.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -f "$dir/nginx.pid" ] || break; sleep 0.1; done
  fi
  exit 0
fi
upstream="${3:?the dev server host:port}"
if [ -f "$upstream" ]; then
  upstream="$(sed -n 's/^ADDRESS=//p' "$upstream")"
fi
"$0" stop "$dir"
rm -rf "$dir"
mkdir -p "$dir/tmp" "$dir/ca"
cd "$dir"

quiet() { "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; "$@"; exit 1; }; }
# Two CAs: the one that signs the certificates, and one that signed nothing here.
quiet openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj "/CN=HistoryLens Test CA"
quiet openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -out other-ca.pem -days 30 -subj "/CN=Some Other CA"
sign() { # name subject san [openssl ca dates]
  local name="$1" subject="$2" san="$3"; shift 3
  quiet openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" -subj "$subject"
  printf 'subjectAltName=%s\n' "$san" >"$name.ext"
  if [ $# -eq 0 ]; then
    quiet openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$name.pem" -days 30 -extfile "$name.ext"
  else
    # A validity in the past needs `openssl ca`, which takes explicit dates.
    : >ca/index.txt
    printf '1000\n' >ca/serial
    cat >ca/ca.cnf <<CNF
[ca]
default_ca = test
[test]
database = $dir/ca/index.txt
serial = $dir/ca/serial
new_certs_dir = $dir/ca
default_md = sha256
policy = anything
copy_extensions = none
[anything]
commonName = supplied
CNF
    quiet openssl ca -batch -config ca/ca.cnf -cert ca.pem -keyfile ca.key -in "$name.csr" -out "$name.pem" -notext \
      -extfile "$name.ext" "$@"
  fi
}
sign server "/CN=localhost" "DNS:localhost,IP:127.0.0.1"
sign wrong-name "/CN=wrong.example" "DNS:wrong.example"
sign expired "/CN=localhost" "DNS:localhost,IP:127.0.0.1" -startdate 20200101000000Z -enddate 20200201000000Z
sign client "/CN=historylens-test-client" "DNS:historylens-test-client"
# The same client key, encrypted: its passphrase must come from the keychain.
quiet openssl pkey -in client.key -aes256 -passout pass:test-key-passphrase -out client-encrypted.key

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
tls_port="$(free_port)"; mtls_port="$(free_port)"; apikey_port="$(free_port)"; expired_port="$(free_port)"; wrong_port="$(free_port)"
server_block() { # port cert key extra
  cat <<BLOCK
  server {
    listen 127.0.0.1:$1 ssl http2;
    ssl_certificate $dir/$2;
    ssl_certificate_key $dir/$3;
    $4
    location / { grpc_pass grpc://$upstream; }
  }
BLOCK
}
cat >nginx.conf <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 64; }
http {
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  map \$http_authorization \$auth_given { "" no; default yes; }
  log_format calls '\$server_port \$request_uri ns=\$http_temporal_namespace auth=\$auth_given';
  access_log $dir/access.log calls;
  grpc_read_timeout 120s;
CONF
api_key_check='if ($http_authorization != "Bearer test-api-key") { return 401; }'
{
  server_block "$tls_port" server.pem server.key ""
  server_block "$mtls_port" server.pem server.key "ssl_verify_client on; ssl_client_certificate $dir/ca.pem;"
  server_block "$apikey_port" server.pem server.key "$api_key_check"
  server_block "$expired_port" expired.pem expired.key ""
  server_block "$wrong_port" wrong-name.pem wrong-name.key ""
  echo "}"
} >>nginx.conf
nginx -c "$dir/nginx.conf" -p "$dir" -e "$dir/error.log"
for _ in $(seq 1 50); do [ -f "$dir/nginx.pid" ] && break; sleep 0.1; done
cat >proxy.env <<ENV
TLS_PORT=$tls_port
MTLS_PORT=$mtls_port
APIKEY_PORT=$apikey_port
EXPIRED_PORT=$expired_port
WRONG_NAME_PORT=$wrong_port
ENV
echo "nginx TLS proxy for $upstream in $dir"
