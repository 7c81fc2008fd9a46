#!/usr/bin/env python3
"""bpfprogs.py - the cgroup device programs the kernel holds, through the
bpf(2) system call (bpftool is not always installed).

  bpfprogs.py attached DIR   the IDs of the BPF_CGROUP_DEVICE programs
                             attached to the cgroup2 directory DIR
  bpfprogs.py exists ID      exit 0 while program ID exists, 1 once gone

Exit 77 where the system call number of this machine is not known here.
"""
import ctypes
import errno
import os
import struct
import sys

NR_BPF = {"x86_64": 321, "aarch64": 280, "i686": 357, "armv7l": 386,
          "ppc64le": 361, "s390x": 351, "riscv64": 280}
BPF_PROG_GET_FD_BY_ID = 13
BPF_PROG_QUERY = 16
BPF_CGROUP_DEVICE = 6

libc = ctypes.CDLL(None, use_errno=True)


def bpf(cmd, attr):
    nr = NR_BPF.get(os.uname().machine)
    if nr is None:
        print("bpfprogs: no bpf(2) number for " + os.uname().machine, file=sys.stderr)
        sys.exit(77)
    buf = ctypes.create_string_buffer(bytes(attr), len(attr))
    rc = libc.syscall(nr, cmd, buf, len(attr))
    return rc, ctypes.get_errno(), buf.raw


def attached(path):
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    ids = (ctypes.c_uint32 * 64)()
    # union bpf_attr's query: target_fd, attach_type, query_flags,
    # attach_flags, prog_ids (u64), prog_cnt
    attr = bytearray(128)
    struct.pack_into("=IIIIQI", attr, 0, fd, BPF_CGROUP_DEVICE, 0, 0,
                     ctypes.addressof(ids), len(ids))
    rc, err, raw = bpf(BPF_PROG_QUERY, attr)
    os.close(fd)
    if rc < 0:
        sys.exit("bpfprogs: BPF_PROG_QUERY %s: %s" % (path, os.strerror(err)))
    count = struct.unpack_from("=I", raw, 24)[0]
    for i in range(min(count, len(ids))):
        print(ids[i])


def exists(prog_id):
    attr = bytearray(128)
    struct.pack_into("=I", attr, 0, prog_id)
    rc, err, _ = bpf(BPF_PROG_GET_FD_BY_ID, attr)
    if rc >= 0:
        os.close(rc)
        return 0
    if err == errno.ENOENT:
        return 1
    sys.exit("bpfprogs: BPF_PROG_GET_FD_BY_ID %d: %s" % (prog_id, os.strerror(err)))


if len(sys.argv) == 3 and sys.argv[1] == "attached":
    attached(sys.argv[2])
elif len(sys.argv) == 3 and sys.argv[1] == "exists":
    sys.exit(exists(int(sys.argv[2])))
else:
    sys.exit(__doc__)
