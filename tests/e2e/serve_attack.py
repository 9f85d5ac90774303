#!/usr/bin/python3
# Hand-made SSH clients against `loge serve`, for tests/e2e/serve.sh.
# paramiko does the key exchange and the packet layer; the authentication
# messages are built here byte by byte (RFC 4252), so that the client can
# do what no honest client does.
#
# Usage: serve_attack.py PORT SCENARIO ARGS...
#   cve USER                      after the key exchange, send
#                                 SSH_MSG_USERAUTH_SUCCESS ourselves
#                                 (CVE-2018-10933), then open a session
#   mixsig USER B.pub A B         offer key B (B.pub), sign with private
#                                 key A; then, as a control, sign with B
#   probe USER B.pub              offer key B without a signature (a
#                                 probe), then try to open a session
#   password USER                 try a password
#   badname KEY                   authenticate with a user name full of
#                                 control characters, spaces, 300 bytes
# Prints "port=N" (the client's local port, to find its log lines) and
# one "result: ..." line per step; exits 0 when the server behaved, 1 when
# it did not, 2 when the test itself could not run.
import base64
import queue
import socket
import sys

import paramiko
from paramiko.common import (cMSG_SERVICE_REQUEST, cMSG_USERAUTH_REQUEST,
                             cMSG_USERAUTH_SUCCESS, MSG_SERVICE_ACCEPT,
                             MSG_USERAUTH_BANNER, MSG_USERAUTH_FAILURE,
                             MSG_USERAUTH_PK_OK, MSG_USERAUTH_SUCCESS)
from paramiko.message import Message

NAMES = {MSG_SERVICE_ACCEPT: "service-accept", MSG_USERAUTH_FAILURE: "failure",
         MSG_USERAUTH_SUCCESS: "success", MSG_USERAUTH_PK_OK: "pk-ok"}


class Raw:
    """Stands in for paramiko's AuthHandler: the transport's thread hands
    it the authentication replies, which land in a queue by name."""

    def __init__(self):
        self.q = queue.Queue()
        self.banner = None
        self._handler_table = {MSG_USERAUTH_BANNER: lambda raw, m: None}
        for ptype, name in NAMES.items():
            self._handler_table[ptype] = (lambda n: lambda raw, m: raw.q.put(n))(name)

    def is_authenticated(self):
        return False

    def get_username(self):
        return None


class Client:
    def __init__(self, port, raw=True):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        print("port=%d" % self.sock.getsockname()[1], flush=True)
        self.t = paramiko.Transport(self.sock)
        self.t.use_compression(False)
        self.t.start_client(timeout=10)
        if raw:
            self.raw = Raw()
            self.t.auth_handler = self.raw

    def send(self, m):
        self.t._send_message(m)

    def reply(self, timeout=3):
        """The next authentication reply, or "closed" / "none"."""
        try:
            while True:
                try:
                    return self.raw.q.get(timeout=0.2)
                except queue.Empty:
                    timeout -= 0.2
                    if not self.t.is_active():
                        return "closed"
                    if timeout <= 0:
                        return "none"
        except Exception as e:  # noqa
            return "error %s" % e

    def service(self):
        m = Message()
        m.add_byte(cMSG_SERVICE_REQUEST)
        m.add_string("ssh-userauth")
        self.send(m)
        return self.reply()

    def pubkey_request(self, user, alg, blob, signer=None, sign=True):
        """A publickey request for blob; signed by signer (a paramiko
        private key) over RFC 4252 section 7's data, whatever blob is."""
        m = Message()
        m.add_byte(cMSG_USERAUTH_REQUEST)
        m.add_string(user)
        m.add_string("ssh-connection")
        m.add_string("publickey")
        m.add_boolean(sign)
        m.add_string(alg)
        m.add_string(blob)
        if sign:
            d = Message()
            d.add_string(self.t.session_id)
            d.add_byte(cMSG_USERAUTH_REQUEST)
            d.add_string(user)
            d.add_string("ssh-connection")
            d.add_string("publickey")
            d.add_boolean(True)
            d.add_string(alg)
            d.add_string(blob)
            m.add_string(signer.sign_ssh_data(d.asbytes()).asbytes())
        self.send(m)
        return self.reply()

    def open_session(self):
        """What opening a session channel gives: "opened", or why not."""
        try:
            ch = self.t.open_session(timeout=3)
        except paramiko.ChannelException as e:
            return "refused (%s)" % e
        except (paramiko.SSHException, EOFError, OSError) as e:
            return "closed (%s)" % (e or type(e).__name__)
        try:
            ch.get_pty()
            ch.invoke_shell()
            ch.settimeout(3)
            data = ch.recv(4096)
            return "opened, shell gave %d bytes" % len(data)
        except Exception as e:  # noqa
            return "opened, shell refused (%s)" % (e or type(e).__name__)

    def close(self):
        self.t.close()


def pub_blob(path):
    with open(path) as f:
        fields = f.read().split()
    return fields[0], base64.b64decode(fields[1])


def private(path):
    return paramiko.Ed25519Key(filename=path)


def result(ok, what):
    print("result: %s %s" % ("good" if ok else "BAD", what), flush=True)
    return ok


def cve(port, user):
    c = Client(port)
    m = Message()
    m.add_byte(cMSG_USERAUTH_SUCCESS)
    c.send(m)
    got = c.open_session()
    good = result(not got.startswith("opened"), "session after a forged success: " + got)
    c.close()
    return good


def mixsig(port, user, b_pub, a_priv, b_priv):
    c = Client(port)
    if c.service() != "service-accept":
        print("no service-accept", file=sys.stderr)
        return None
    alg, blob = pub_blob(b_pub)
    # libssh 0.10 drops a request whose signature does not verify without
    # an answer ("none" here) and without calling the server back.
    got = c.pubkey_request(user, alg, blob, private(a_priv))
    good = result(got != "success", "key B offered, signed by key A: " + got)
    after = c.open_session() if got == "success" else "not tried"
    good &= result(not after.startswith("opened"), "session after it: " + after)
    # The control: the same request signed by B succeeds, so the request
    # above was well formed and only its signature was wrong.
    got = c.pubkey_request(user, alg, blob, private(b_priv))
    good &= result(got == "success", "control, key B signed by B: " + got)
    c.close()
    return good


def probe(port, user, b_pub):
    c = Client(port)
    if c.service() != "service-accept":
        return None
    alg, blob = pub_blob(b_pub)
    got = c.pubkey_request(user, alg, blob, sign=False)
    good = result(got == "pk-ok", "probe of key B answered: " + got)
    after = c.open_session()
    good &= result(not after.startswith("opened"), "session after a probe only: " + after)
    c.close()
    return good


def password(port, user):
    c = Client(port, raw=False)
    try:
        c.t.auth_password(user, "motdepasse")
        got = "success"
    except paramiko.BadAuthenticationType as e:
        got = "refused, methods left: " + ",".join(e.allowed_types)
    except paramiko.AuthenticationException as e:
        got = "refused (%s)" % e
    good = result(got == "refused, methods left: publickey", "password: " + got)
    c.close()
    return good


def badname(port, key):
    c = Client(port)
    if c.service() != "service-accept":
        return None
    name = ("\x1b[31mevil\x1b[0m user\r\n2026-01-01T00:00:00Z pid=1 event=auth "
            "result=ok user=admin \x07\x08\t" + "A" * 300)
    alg, blob = pub_blob(key + ".pub")
    got = c.pubkey_request(name, alg, blob, private(key))
    good = result(got != "success", "odd user name refused: " + got)
    c.close()
    return good


def main(argv):
    if len(argv) < 3:
        print("usage: serve_attack.py PORT cve|mixsig|probe|password|badname ARGS...",
              file=sys.stderr)
        return 2
    port, scenario, args = int(argv[1]), argv[2], argv[3:]
    table = {"cve": cve, "mixsig": mixsig, "probe": probe, "password": password,
             "badname": badname}
    try:
        good = table[scenario](port, *args)
    except (paramiko.SSHException, OSError, EOFError) as e:
        print("%s: %s" % (scenario, e), file=sys.stderr)
        return 2
    if good is None:
        return 2
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
