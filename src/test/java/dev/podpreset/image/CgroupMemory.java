package dev.podpreset.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A running container's memory as the kubelet sees it, read from its cgroup (v1 or v2): the working set is the
 * usage less the inactive file pages, the figure the kubelet compares with the limit and evicts by. Peak is the
 * highest usage the cgroup recorded (-1 where the kernel keeps none), anon the memory that is not page cache.
 */
public record CgroupMemory(long usage, long inactiveFile, long anon, long peak, long limit) {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    public long workingSet() {
        return Math.max(0, usage - inactiveFile);
    }

    public static CgroupMemory of(Podman podman, String id) {
        String cgroup = podman.inspect(id, "{{.State.CgroupPath}}").replaceFirst("^/", "");
        Path v1 = ROOT.resolve("memory").resolve(cgroup);
        try {
            if (Files.exists(v1.resolve("memory.usage_in_bytes"))) {
                Map<String, Long> stat = stat(v1);
                return new CgroupMemory(number(v1, "memory.usage_in_bytes"), stat.get("total_inactive_file"),
                        stat.get("total_rss"), number(v1, "memory.max_usage_in_bytes"), number(v1, "memory.limit_in_bytes"));
            }
            Path v2 = ROOT.resolve(cgroup);
            Map<String, Long> stat = stat(v2);
            long peak = Files.exists(v2.resolve("memory.peak")) ? number(v2, "memory.peak") : -1;
            String max = Files.readString(v2.resolve("memory.max")).trim();
            return new CgroupMemory(number(v2, "memory.current"), stat.get("inactive_file"), stat.get("anon"), peak,
                    max.equals("max") ? Long.MAX_VALUE : Long.parseLong(max));
        } catch (IOException e) {
            throw new UncheckedIOException("memory of container " + id + " (cgroup " + cgroup + ")", e);
        }
    }

    /** One line for the log and docs/performance.md, in MiB. */
    public String describe() {
        return String.format("working set %.1f MiB of the %.0f MiB limit (usage %.1f, inactive file %.1f, anon %.1f, peak usage %s)",
                mib(workingSet()), mib(limit), mib(usage), mib(inactiveFile), mib(anon), peak < 0 ? "not recorded" : String.format("%.1f", mib(peak)));
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    private static long number(Path dir, String file) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve(file)).trim());
    }

    private static Map<String, Long> stat(Path dir) throws IOException {
        Map<String, Long> stat = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("memory.stat"))) {
            String[] parts = line.split(" ");
            stat.put(parts[0], Long.parseLong(parts[1]));
        }
        return stat;
    }
}
