"""The zygote: enters the jail once, imports NumPy (and PyTorch), forks one child per submission.

Like `_worker.py` this file is never imported by the grader: the parent concatenates the
two texts and runs them with `python -I -c`, so nothing here may import the grader. Linux
only for the jail; elsewhere (or without namespaces) it runs the same loop unjailed.

Process tree (bubblewrap's model, https://github.com/containers/bubblewrap):

  grader ── Z0 (new mount, PID, network, IPC, UTS namespaces; a user namespace when the
             │   grader is not root) waits for Z
             └─ Z  PID 1 of the jail: builds a tmpfs root of read-only binds, pivots into
                │  it, imports NumPy, then serves the parent on a control socket
                └─ C  one per submission: new mount and PID namespaces; reports G's end
                   └─ G  PID 1 of the submission: private /proc, tmpfs /work and /tmp,
                         joins its cgroups, limits, drops to an unprivileged uid with no
                         capabilities, no_new_privs, seccomp; then runs the worker loop

Killing C (or Z) kills everything below it: PID namespaces die with their first process.
"""

import ctypes
import errno
import json
import os
import signal
import socket
import struct
import sys

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
CLONE_NEWCGROUP = 0x02000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_CAPBSET_DROP = 1, 4, 24
PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 38, 47, 4
NOBODY = 65534

_ARCH = os.uname().machine
# syscall numbers: pivot_root, capset
_SYSCALLS = {"x86_64": (155, 126), "aarch64": (41, 91)}

libc = ctypes.CDLL(None, use_errno=True)
libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
libc.syscall.restype = ctypes.c_long


class JailError(Exception):
    pass


def _check(ret, what):
    if ret != 0:
        err = ctypes.get_errno()
        raise JailError(f"{what}: {os.strerror(err)}")


def mount(src, dst, fstype, flags, data=None):
    _check(libc.mount(src and src.encode(), dst.encode(), fstype and fstype.encode(), flags,
                      data and data.encode()), f"mount {src or fstype} on {dst}")


def unshare(flags):
    _check(libc.unshare(flags), f"unshare {flags:#x}")


def prctl(option, arg2=0):
    return libc.prctl(option, ctypes.c_ulong(arg2), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0))


def pivot_root(new, old):
    if _ARCH not in _SYSCALLS:
        raise JailError(f"pivot_root: unknown architecture {_ARCH}")
    _check(libc.syscall(_SYSCALLS[_ARCH][0], new.encode(), old.encode()), "pivot_root")


def write_file(path, text):
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------- namespaces
def enter_namespaces(user_ns):
    """Z0: new namespaces; as a non-root user, a user namespace mapping root to oneself."""
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
    if user_ns:
        flags |= CLONE_NEWUSER
    unshare(flags)
    if user_ns:
        write_file("/proc/self/setgroups", "deny")
        write_file("/proc/self/uid_map", f"0 {uid} 1")
        write_file("/proc/self/gid_map", f"0 {gid} 1")


def _mkpath(path, file=False):
    parent = os.path.dirname(path)
    os.makedirs(parent, mode=0o755, exist_ok=True)
    if file:
        if not os.path.exists(path):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o644))
    else:
        os.makedirs(path, mode=0o755, exist_ok=True)


def _bind_ro(src, dst, extra=0):
    """Read-only, non-recursive bind (submounts of `src` are not carried along)."""
    if os.path.islink(src):
        _mkpath(os.path.dirname(dst))
        if not os.path.lexists(dst):
            os.symlink(os.readlink(src), dst)
        return
    _mkpath(dst, file=not os.path.isdir(src))
    mount(src, dst, None, MS_BIND)
    flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | extra
    # a remount must keep the flags the kernel locked on the source (nodev, noexec, ...)
    st = os.statvfs(dst)
    flags |= (MS_NODEV if st.f_flag & os.ST_NODEV else 0) | (MS_NOEXEC if st.f_flag & os.ST_NOEXEC else 0)
    mount(None, dst, None, flags)


def build_root(cfg, report):
    """Z: a tmpfs root holding read-only binds of the allow-list only; pivot into it."""
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    base = "/tmp"
    mount("tmpfs", base, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0755")
    os.mkdir(base + "/oldroot")
    os.mkdir(base + "/newroot")
    pivot_root(base, base + "/oldroot")
    os.chdir("/")
    new, old = "/newroot", "/oldroot"
    mount("tmpfs", new, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")
    for src, dst in cfg["binds"]:
        if os.path.lexists(old + src):
            _bind_ro(old + src, new + dst)
    for masked in cfg["masks"]:  # e.g. site-packages inside the bound stdlib
        if os.path.isdir(new + masked):
            mount("tmpfs", new + masked, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=0555")
    # /dev: the harmless nodes only (and the GPU's when asked)
    _mkpath(new + "/dev")
    mount("tmpfs", new + "/dev", "tmpfs", MS_NOSUID, "size=64k,mode=0755")
    for name in cfg["devices"]:
        if os.path.exists(old + "/dev/" + name):
            _mkpath(new + "/dev/" + name, file=True)
            mount(old + "/dev/" + name, new + "/dev/" + name, None, MS_BIND)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                         ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
        os.symlink(target, new + "/dev/" + name)
    mount(None, new + "/dev", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID)
    for d in ("/proc", "/work", "/tmp", "/etc"):
        _mkpath(new + d)
    for name, text in cfg["etc"].items():
        with open(new + "/etc/" + name, "w") as f:
            f.write(text)
    try:
        mount("proc", new + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        report["proc"] = True
    except JailError as exc:  # a container whose /proc is partly covered refuses this
        report["proc"] = False
        report["proc_error"] = str(exc)
    mount(None, new, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None)
    _check(libc.umount2(old.encode(), MNT_DETACH), "umount old root")
    os.chdir(new)
    pivot_root(".", ".")
    _check(libc.umount2(b".", MNT_DETACH), "detach the build root")
    os.chdir("/")


# ---------------------------------------------------------------------------- privileges
class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def drop_privileges(root_mode):
    """G: an unprivileged identity with no capabilities left, ever."""
    if root_mode:  # real root building the jail: become nobody on the host
        os.setgroups([])
        os.setresgid(NOBODY, NOBODY, NOBODY)
        os.setresuid(NOBODY, NOBODY, NOBODY)  # leaving uid 0 clears every capability
    else:  # root of our own user namespace: mapped to the caller; shed the capabilities
        for cap in range(64):
            if prctl(PR_CAPBSET_DROP, cap) != 0:
                break
        prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
        hdr, data = _CapHeader(0x20080522, 0), (_CapData * 2)()
        if _ARCH in _SYSCALLS:
            _check(libc.syscall(_SYSCALLS[_ARCH][1], ctypes.byref(hdr), ctypes.byref(data)), "capset")
    _check(prctl(PR_SET_NO_NEW_PRIVS, 1), "no_new_privs")


def _host_uid():
    """This process's uid as the host sees it (through the user namespace's map)."""
    uid = os.getuid()
    try:
        with open("/proc/self/uid_map") as f:
            for line in f:
                inside, outside, count = map(int, line.split())
                if inside <= uid < inside + count:
                    return outside + uid - inside
    except (OSError, ValueError):
        pass
    return uid


def capabilities_left():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("CapEff:"):
                    return int(line.split()[1], 16)
    except OSError:
        pass
    return -1


# ---------------------------------------------------------------------------- seccomp
_AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
_DENY = {  # syscalls a grading child never needs; they fail with EPERM
    "x86_64": {"mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161, "unshare": 272,
               "setns": 308, "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311,
               "keyctl": 250, "add_key": 248, "request_key": 249, "bpf": 321,
               "perf_event_open": 298, "userfaultfd": 323, "kexec_load": 246,
               "init_module": 175, "finit_module": 313, "delete_module": 176,
               "open_by_handle_at": 304, "name_to_handle_at": 303, "io_uring_setup": 425,
               "fsopen": 430, "fsmount": 432, "move_mount": 429, "open_tree": 428,
               "mount_setattr": 442, "swapon": 167, "swapoff": 168, "reboot": 169,
               "acct": 163, "quotactl": 179, "lookup_dcookie": 212, "clone3": 435},
    "aarch64": {"mount": 40, "umount2": 39, "pivot_root": 41, "chroot": 51, "unshare": 97,
                "setns": 268, "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271,
                "keyctl": 219, "add_key": 217, "request_key": 218, "bpf": 280,
                "perf_event_open": 241, "userfaultfd": 282, "kexec_load": 104,
                "init_module": 105, "finit_module": 273, "delete_module": 106,
                "open_by_handle_at": 265, "name_to_handle_at": 264, "io_uring_setup": 425,
                "fsopen": 430, "fsmount": 432, "move_mount": 429, "open_tree": 428,
                "mount_setattr": 442, "swapon": 224, "swapoff": 225, "reboot": 142,
                "acct": 89, "quotactl": 60, "lookup_dcookie": 18, "clone3": 435},
}
_CLONE = {"x86_64": 56, "aarch64": 220}
_NS_FLAGS = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def install_seccomp():
    """A deny-list filter: namespace, mount, tracing and kernel-keyring calls fail with EPERM.

    clone3 answers ENOSYS so that libc falls back to clone, whose flags a classic BPF
    filter can inspect (new namespaces are refused there).
    """
    if _ARCH not in _DENY:
        return False
    LD_W_ABS, JEQ_K, JGE_K, JSET_K, RET_K = 0x20, 0x15, 0x35, 0x45, 0x06
    ALLOW, KILL, ERRNO = 0x7FFF0000, 0x80000000, 0x00050000
    prog = [(LD_W_ABS, 0, 0, 4), (JEQ_K, 1, 0, _AUDIT_ARCH[_ARCH]), (RET_K, 0, 0, KILL),
            (LD_W_ABS, 0, 0, 0),                              # A = syscall number
            (JGE_K, 0, 1, 0x40000000), (RET_K, 0, 0, ERRNO | errno.ENOSYS),  # x32 ABI
            (JEQ_K, 0, 4, _CLONE[_ARCH]),                     # clone: look at its flags
            (LD_W_ABS, 0, 0, 16),                             # A = low word of args[0]
            (JSET_K, 0, 1, _NS_FLAGS),
            (RET_K, 0, 0, ERRNO | errno.EPERM),
            (RET_K, 0, 0, ALLOW)]
    for name, nr in sorted(_DENY[_ARCH].items()):
        code = errno.ENOSYS if name == "clone3" else errno.EPERM
        prog += [(JEQ_K, 0, 1, nr), (RET_K, 0, 0, ERRNO | code)]
    prog.append((RET_K, 0, 0, ALLOW))
    arr = (_SockFilter * len(prog))(*[_SockFilter(*ins) for ins in prog])
    fprog = _SockFprog(len(prog), arr)
    PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
    ret = libc.prctl(PR_SET_SECCOMP, ctypes.c_ulong(SECCOMP_MODE_FILTER), ctypes.byref(fprog),
                     ctypes.c_ulong(0), ctypes.c_ulong(0))
    return ret == 0


# ---------------------------------------------------------------------------- control socket
def ctl_send(sock, msg, fds=()):
    data = json.dumps(msg).encode()
    if fds:
        socket.send_fds(sock, [data], list(fds))
    else:
        sock.send(data)


def ctl_recv(sock, maxfds=8):
    data, fds, _, _ = socket.recv_fds(sock, 1 << 20, maxfds)
    if not data:
        raise EOFError
    return json.loads(data), fds


# ---------------------------------------------------------------------------- the zygote
def zygote_main():
    """Z0 and Z: argv = [ctl_fd]; the first control message is the jail's configuration."""
    ctl = socket.socket(fileno=int(sys.argv[1]))
    cfg, _ = ctl_recv(ctl)
    report = {"jail": False, "root_mode": os.geteuid() == 0}
    jailed = cfg["jail"] and sys.platform.startswith("linux")
    if jailed:
        try:
            enter_namespaces(user_ns=not report["root_mode"])
        except (JailError, OSError) as exc:
            ctl_send(ctl, {"op": "ready", "ok": False, "error": f"namespaces: {exc}"})
            os._exit(71)
        pid = os.fork()
        if pid:  # Z0: stay until Z ends, then end the same way
            ctl.close()
            _, status = os.waitpid(pid, 0)
            os._exit(os.waitstatus_to_exitcode(status) & 0xFF if os.WIFEXITED(status) else 72)
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        try:
            build_root(cfg, report)
            report["jail"] = True
        except (JailError, OSError) as exc:
            ctl_send(ctl, {"op": "ready", "ok": False, "error": f"building the jail's root: {exc}"})
            os._exit(73)
        sys.path[:] = cfg["sys_path"]
    else:
        sys.path[:] = cfg["sys_path_unjailed"]
    prctl(PR_SET_DUMPABLE, 0)
    import time
    t0 = time.perf_counter()
    try:
        import numpy  # noqa: F401  (warm: every child inherits it)
        if cfg["torch"]:
            import torch
            torch.backends.cuda.matmul.allow_tf32 = False
            torch.backends.cudnn.allow_tf32 = False
            # what the first autograd call imports lazily (torch.fx's symbolic shapes, sympy:
            # a third of a second), once here rather than in every child; CPU autograd
            # starts no thread, so the zygote still forks single-threaded
            warm = torch.ones(2, dtype=torch.float64, requires_grad=True)
            out = torch.exp(warm)
            torch.autograd.grad([out], [warm], [torch.ones_like(out)])
            if cfg.get("warm_optimizers"):
                # the first optimizer step imports torch._dynamo and ~800 modules (1.3 s),
                # in every child that steps one; still no thread is started. Those imports
                # write into a temporary folder: in the jail the root is read-only, so /tmp
                # gets a small tmpfs for the warm-up alone (each child mounts its own)
                import tempfile
                if jailed:
                    mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=4m,mode=1777")
                try:
                    opt = torch.optim.SGD([warm], lr=0.1)
                    warm.grad = torch.ones_like(warm)
                    opt.step()
                finally:
                    if jailed:
                        _check(libc.umount2(b"/tmp", MNT_DETACH), "unmount the warm-up's /tmp")
                    tempfile.tempdir = None  # each child finds its own, from its TMPDIR
    except BaseException as exc:
        ctl_send(ctl, {"op": "ready", "ok": False, "error": f"importing the numeric libraries "
                       f"in the jail: {type(exc).__name__}: {exc}"})
        os._exit(74)
    report["import_s"] = time.perf_counter() - t0
    ctl_send(ctl, {"op": "ready", "ok": True, "report": report})
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    children = {}
    while True:
        _reap(children)
        try:
            msg, fds = ctl_recv(ctl)
        except (EOFError, OSError, ValueError):
            os._exit(0)
        if msg.get("op") == "spawn":
            pid = os.fork()
            if pid == 0:
                _child(ctl, msg, fds, cfg, report)
            children[pid] = msg["id"]
            for fd in fds:
                os.close(fd)
        elif msg.get("op") == "kill":
            for pid, cid in list(children.items()):
                if cid == msg["id"]:  # C dies, so G (PID 1 of the submission) and all below
                    try:
                        os.kill(pid, signal.SIGKILL)
                        os.waitpid(pid, 0)
                    except (ProcessLookupError, ChildProcessError):
                        pass
                    children.pop(pid, None)
                    try:
                        ctl_send(ctl, {"op": "exited", "id": cid, "status": signal.SIGKILL})
                    except OSError:
                        pass
        else:
            for fd in fds:
                os.close(fd)


def _reap(children):
    while children:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        children.pop(pid, None)


def _child(ctl, msg, fds, cfg, zreport):
    """C, then G: the fresh, isolated process of one submission. Never returns."""
    try:
        req_r, resp_w, out_w, *cgroup_fds = fds
        jailed = zreport["jail"]
        if jailed:  # own mounts, processes, SysV IPC and sockets: nothing shared with a sibling
            unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET)
        pid = os.fork()
        if pid:  # C: wait for G, tell the parent how it ended
            for fd in fds:
                os.close(fd)
            while True:
                try:
                    _, status = os.waitpid(pid, 0)
                    break
                except InterruptedError:
                    continue
            try:
                ctl_send(ctl, {"op": "exited", "id": msg["id"], "status": status})
            except OSError:
                pass
            os._exit(0)
        # G
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        ctl.close()
        report = dict(zreport)
        limits = msg["limits"]
        for fd in cgroup_fds:  # join before anything else can be allocated
            os.write(fd, b"0")
            os.close(fd)
        if jailed:
            if report.get("proc"):
                mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
            owner = f"uid={NOBODY},gid={NOBODY}" if report["root_mode"] else "uid=0,gid=0"
            mount("tmpfs", "/work", "tmpfs", MS_NOSUID | MS_NODEV,
                  f"size={limits['scratch_bytes']},nr_inodes=20000,mode=0700,{owner}")
            mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV,
                  f"size={limits['scratch_bytes']},nr_inodes=20000,mode=1777")
            workdir = "/work"
        else:
            workdir = msg["workdir"]
        import resource
        mem = resource.RLIMIT_DATA if cfg.get("cuda") else resource.RLIMIT_AS
        if limits.get("address_space"):
            resource.setrlimit(mem, (limits["address_space"], limits["address_space"]))
        resource.setrlimit(resource.RLIMIT_CPU, (limits["cpu_seconds"], limits["cpu_seconds"] + 5))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits["file_bytes"], limits["file_bytes"]))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))
        if limits.get("nproc"):
            resource.setrlimit(resource.RLIMIT_NPROC, (limits["nproc"], limits["nproc"]))
        # only the protocol pipes and the capture pipe stay open
        devnull = os.open("/dev/null", os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out_w, 1)
        os.dup2(out_w, 2)
        keep = {0, 1, 2, req_r, resp_w}
        for fd in range(3, 1024):
            if fd not in keep:
                try:
                    os.close(fd)
                except OSError:
                    pass
        os.chdir(workdir)
        if jailed or report["root_mode"]:
            drop_privileges(report["root_mode"])
        else:
            prctl(PR_SET_NO_NEW_PRIVS, 1)
        report["uid"] = _host_uid()
        report["capabilities"] = capabilities_left()
        report["seccomp"] = bool(jailed and install_seccomp())
        os.environ.clear()
        os.environ.update(msg["env"], HOME=workdir, TMPDIR="/tmp" if jailed else workdir)
        worker_main(req_r, resp_w, msg["config"], report)
    except BaseException as exc:  # never fall back into the zygote's loop
        try:
            os.write(2, f"sandbox child setup failed: {type(exc).__name__}: {exc}\n".encode())
        except OSError:
            pass
        os._exit(75)
    os._exit(0)
