#!/usr/bin/env python3
# tests/xrunc/recvtty.py SOCKET [OUT]: the receiving end of runc's console
# protocol, as conmon and containerd's shim are: listen on SOCKET (AF_UNIX
# stream), take one terminal master fd sent with SCM_RIGHTS, then copy what
# the program writes to its terminal into OUT (default stdout) until it
# closes.  Prints "ready" on stderr once it listens, and the received
# message's text ("/dev/ptmx") as the first line of OUT's companion
# OUT.name when OUT is given.
import array
import os
import socket
import sys

path = sys.argv[1]
out = open(sys.argv[2], "wb", buffering=0) if len(sys.argv) > 2 else sys.stdout.buffer
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
srv.listen(1)
print("ready", file=sys.stderr, flush=True)
conn, _ = srv.accept()
fds = array.array("i")
msg, anc, _, _ = conn.recvmsg(1024, socket.CMSG_SPACE(fds.itemsize))
for level, kind, data in anc:
    if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
        fds.frombytes(data[: len(data) - (len(data) % fds.itemsize)])
conn.close()
srv.close()
if len(sys.argv) > 2:
    with open(sys.argv[2] + ".name", "w") as f:
        f.write(msg.decode(errors="replace") + "\n")
if not fds:
    print("recvtty: no fd received", file=sys.stderr)
    sys.exit(1)
master = fds[0]
while True:
    try:
        data = os.read(master, 4096)
    except OSError:         # EIO: the last slave fd was closed
        break
    if not data:
        break
    out.write(data)
    out.flush()
