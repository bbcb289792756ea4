package org.expressivity4j.trainers.run;

/** Holds a run folder's lock in a separate process until its standard input closes (for {@link RunLockTest}). */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (RunLock lock = RunLock.acquire(java.nio.file.Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the parent closes the pipe
            }
        }
    }
}
