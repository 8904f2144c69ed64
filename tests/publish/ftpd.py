"""A throw-away FTP (or explicit FTPS) server for the publish tests.

    python3 ftpd.py HOME USER PASSWORD [CERTFILE KEYFILE]

Listens on a free loopback port, prints it on the first line of stdout, and serves one
account whose folder is HOME until killed.
"""
import logging
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

logging.basicConfig(level=logging.ERROR)
home, user, password = sys.argv[1:4]
authorizer = DummyAuthorizer()
authorizer.add_user(user, password, home, perm="elradfmwMT")
if len(sys.argv) > 5:
    from pyftpdlib.handlers import TLS_FTPHandler

    handler = TLS_FTPHandler
    handler.certfile = sys.argv[4]
    handler.keyfile = sys.argv[5]
    handler.tls_control_required = True
    handler.tls_data_required = True
else:
    handler = FTPHandler
handler.authorizer = authorizer
handler.auth_failed_timeout = 0.1
handler.banner = "bantin test server"
server = FTPServer(("127.0.0.1", 0), handler)
print(server.address[1], flush=True)
server.serve_forever()
