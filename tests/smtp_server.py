"""A mail server on a loopback port for tests: the edge of the world. It keeps what it accepts, or answers
every message with the code it is told (554: transaction failed)."""

import email
import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        server = self.server.mail_server
        self.reply("220 test mail server ready")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 test mail server")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                if server.refuse_with:
                    self.reply(f"{server.refuse_with} Transaction failed")
                else:
                    with server.lock:
                        server.messages.append(email.message_from_bytes(b"".join(lines)))
                    self.reply("250 OK queued")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class MailServer:
    def __init__(self):
        self.messages = []
        self.refuse_with = None
        self.lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.mail_server = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    @property
    def subjects(self):
        with self.lock:
            return [message["Subject"] for message in self.messages]
