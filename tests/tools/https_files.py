"""Serves a folder over HTTPS on 127.0.0.1 (a stand-in for an identity provider's jwks_uri in the tests):

  python3 https_files.py DIR CERT KEY PORTFILE
"""
import functools
import http.server
import ssl
import sys

folder, cert, key, port_file = sys.argv[1:5]
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=folder)
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
__import__("os").replace(port_file + ".tmp", port_file)
server.serve_forever()
