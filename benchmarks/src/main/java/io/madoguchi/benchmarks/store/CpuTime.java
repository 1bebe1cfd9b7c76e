package io.madoguchi.benchmarks.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this JVM and of a process tree (the embedded PostgreSQL server, which {@code pg_ctl} detaches from
 * this JVM, and its backends), read from {@code /proc} on Linux; both are 0 elsewhere.
 */
final class CpuTime {

    /** Clock ticks per second of {@code /proc/PID/stat} (USER_HZ, 100 on Linux). */
    private static final long TICKS_PER_SECOND = 100;

    private CpuTime() {
    }

    /** @return CPU time of every thread of this JVM so far, in nanoseconds */
    static long jvmNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /**
     * @param root the process at the top of the tree (the PostgreSQL server)
     * @return CPU time of the process and every descendant so far (user and system; for a descendant that has ended
     *     and been waited for, counted in its parent's children times), in nanoseconds
     */
    static long treeNanos(long root) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return 0;
        }
        Map<Long, List<long[]>> children = new HashMap<>();
        try (Stream<Path> dirs = Files.list(proc)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long[] stat = stat(dir.resolve("stat"));
                if (stat != null) {
                    children.computeIfAbsent(stat[1], k -> new ArrayList<>()).add(stat);
                }
            }
        } catch (IOException e) {
            return 0;
        }
        long[] top = stat(proc.resolve(Long.toString(root)).resolve("stat"));
        if (top == null) {
            return 0;
        }
        long ticks = top[2];
        List<Long> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            long pid = todo.remove(todo.size() - 1);
            for (long[] child : children.getOrDefault(pid, List.of())) {
                ticks += child[2];
                todo.add(child[0]);
            }
        }
        return ticks * 1_000_000_000L / TICKS_PER_SECOND;
    }

    /** @return the parent of a process, or 0 if it has gone */
    static long parent(long pid) {
        long[] stat = stat(Path.of("/proc", Long.toString(pid), "stat"));
        return stat == null ? 0 : stat[1];
    }

    /** @return pid, parent pid, utime + stime + cutime + cstime in ticks; null if the process has gone */
    private static long[] stat(Path file) {
        String line;
        try {
            line = Files.readString(file);
        } catch (IOException e) {
            return null;
        }
        // the command name is in parentheses and may hold spaces: fields are counted after the last ')'
        String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        long pid = Long.parseLong(line.substring(0, line.indexOf(' ')));
        // f[0] is field 3 (state): ppid is field 4, utime..cstime fields 14..17
        return new long[] {pid, Long.parseLong(f[1]),
            Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])};
    }
}
