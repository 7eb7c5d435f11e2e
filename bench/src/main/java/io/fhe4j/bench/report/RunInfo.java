package io.fhe4j.bench.report;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the report header states about a run: date, command, mode, machine (CPU model, cores,
 * memory, JDK, OS), JMH version, the load average and the host-speed probe ({@code SpeedProbe}) at
 * start and end, the elapsed time, and which suites the build holds. Stored as {@code run.properties} next to the results, so a report can be
 * re-rendered later. Immutable; the probes read {@code /proc} and fall back to "unknown".
 */
public record RunInfo(Map<String, String> values) {
    /** Keys the report reads (others are kept but not shown). */
    public static final List<String> KEYS = List.of("date", "command", "mode", "iterations", "cpu", "cores", "memory",
            "jdk", "os", "simd", "jmh", "loadStart", "loadEnd", "speedStart", "speedEnd", "elapsed", "suites", "oneThread", "anyThreads", "trainingConfig", "failed");

    /** Copies {@code values} into a sorted, unmodifiable map. */
    public RunInfo {
        values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** The value of {@code key}, or {@code "unknown"}. */
    public String get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? "unknown" : v;
    }

    /** A copy with {@code key} set to {@code value}. */
    public RunInfo with(String key, String value) {
        Map<String, String> m = new TreeMap<>(values);
        m.put(key, value);
        return new RunInfo(m);
    }

    /** The suites the build held ({@code suites}, comma separated). */
    public List<String> suites() {
        List<String> out = new ArrayList<>();
        for (String s : get("suites").split(",")) {
            if (!s.isBlank() && !s.equals("unknown")) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /** The machine this JVM runs on, as far as {@code /proc} and system properties tell. */
    public static Map<String, String> probeMachine() {
        Map<String, String> m = new TreeMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors() + " available to the JVM");
        m.put("memory", memory());
        m.put("jdk", System.getProperty("java.vm.name", "?") + " " + System.getProperty("java.runtime.version",
                System.getProperty("java.version", "?")) + " (" + System.getProperty("java.vendor", "?") + ")");
        m.put("simd", io.fhe4j.math.Ntt.vectorized() ? "NTT on the Vector API (jdk.incubator.vector, 8 x 64-bit lanes)"
                : "NTT in scalar code in this JVM (no jdk.incubator.vector or no 512-bit vectors); the benchmark forks add the module");
        m.put("os", System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?") + " "
                + System.getProperty("os.arch", "?"));
        return m;
    }

    /** The first three fields of {@code /proc/loadavg} (1, 5 and 15 minutes), or "unknown". */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "unknown (no /proc/cpuinfo)";
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return Math.round(kb / 1024.0 / 1024.0) + " GiB";
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "unknown";
    }

    /** Writes {@code run.properties}. */
    public void write(Writer out) {
        Properties p = new Properties();
        p.putAll(values);
        try {
            p.store(out, "fhe4j report run");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code run.properties}. */
    public static RunInfo read(Reader in) {
        Properties p = new Properties();
        try {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return new RunInfo(m);
    }
}
