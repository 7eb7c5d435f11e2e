package io.fhe4j.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every JMH suite of the build through JMH's Java API, one {@link Runner} per suite, with
 * the GC profiler on, and collects the results. In short mode each point gets one fork, a warm-up
 * of 1 x 1 s and a measurement of 4 x 1 s (single-shot suites: no warm-up beyond their setup and 3
 * calls), NttBenchmark runs at logN 12..15, BgvBenchmark and KeyGenerationBenchmark at logN 13 and 14
 * and GeneralRingBenchmark at m = 4369 only; in full
 * mode the suites' own annotations and parameters apply. JMH's text output goes to a log; one
 * progress line per point goes to {@code progress}. Before each suite it waits while another
 * JMH run holds JMH's lock ({@code java.io.tmpdir/jmh.lock}). Not thread-safe.
 */
final class SuiteRunner {
    /** Parameter overrides of short mode, per suite. */
    static final Map<String, Map<String, String[]>> SHORT_PARAMS = Map.of(
            "NttBenchmark", Map.of("logN", new String[] {"12", "13", "14", "15"}),
            "BgvBenchmark", Map.of("logN", new String[] {"13", "14"}),
            "KeyGenerationBenchmark", Map.of("logN", new String[] {"13", "14"}),
            "GeneralRingBenchmark", Map.of("m", new String[] {"4369"}));
    /** Short mode: one warm-up iteration of 1 s. */
    static final int SHORT_WARMUP_SECONDS = 1;
    /**
     * Short mode: measurement iterations of 1 s (4, not 3: with 3 samples JMH's 99.9% error is 18
     * standard deviations of the mean, with 4 it is 6.5).
     */
    static final int SHORT_MEASUREMENT = 4;
    /** Short mode for single-shot suites (one call per iteration, e.g. a training step): no warm-up, 3 calls. */
    static final int SHORT_SINGLE_SHOTS = 3;

    /** How time-based suites are measured, as the header says it. */
    static final String SAMPLED = "every call timed (JMH sample mode: median and fastest call reported)";
    /** The JVM argument that makes fhe4j use one thread. */
    static final String ONE_THREAD = "-Dfhe4j.threads=1";
    private static final long LOCK_POLL_MILLIS = 15_000;
    private static final long LOCK_GIVE_UP_MILLIS = 60 * 60_000;

    private final boolean full;
    private final PrintStream progress;
    private final PrintStream log;
    private final List<String> failures = new ArrayList<>();

    SuiteRunner(boolean full, PrintStream progress, PrintStream log) {
        this.full = full;
        this.progress = progress;
        this.log = log;
    }

    /** The suites (fully qualified class names) of the benchmark list on the classpath, with their entries. */
    static Map<String, List<BenchmarkListEntry>> discover() {
        OutputFormat silent = OutputFormatFactory.createFormatInstance(new PrintStream(PrintStream.nullOutputStream()),
                VerboseMode.SILENT);
        SortedSet<BenchmarkListEntry> all = BenchmarkList.defaultList().find(silent, List.of(".*"), List.of());
        Map<String, List<BenchmarkListEntry>> bySuite = new TreeMap<>((a, b) -> {
            int c = Integer.compare(Comparison.suiteRank(simple(a)), Comparison.suiteRank(simple(b)));
            return c != 0 ? c : a.compareTo(b);
        });
        for (BenchmarkListEntry e : all) {
            bySuite.computeIfAbsent(e.getUserClassQName(), k -> new ArrayList<>()).add(e);
        }
        return bySuite;
    }

    /**
     * The simple names of the suites whose forks pin fhe4j to one thread ({@code -Dfhe4j.threads=1}
     * among their JVM arguments), and of those that do not, as {@code [pinned, not pinned]}.
     */
    static List<List<String>> threadPinning(Map<String, List<BenchmarkListEntry>> suites) {
        List<String> pinned = new ArrayList<>();
        List<String> free = new ArrayList<>();
        suites.forEach((suite, entries) -> {
            boolean all = entries.stream().allMatch(e -> e.getJvmArgs().orElse(List.of()).contains(ONE_THREAD)
                    || e.getJvmArgsAppend().orElse(List.of()).contains(ONE_THREAD)
                    || e.getJvmArgsPrepend().orElse(List.of()).contains(ONE_THREAD));
            (all ? pinned : free).add(simple(suite));
        });
        return List.of(pinned, free);
    }

    /** The simple name of a class name. */
    static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** What this mode runs, as the report header states it. */
    String describe() {
        if (full) {
            return "every parameter of every suite, with the suites' own warm-up and measurement iterations and forks;"
                    + " " + SAMPLED;
        }
        return SAMPLED + "; warm-up 1 x " + SHORT_WARMUP_SECONDS + " s, measurement " + SHORT_MEASUREMENT + " x 1 s, 1 fork per "
                + "point (single-shot suites: no warm-up beyond their setup, " + SHORT_SINGLE_SHOTS + " calls); "
                + "NttBenchmark at logN 12..15, BgvBenchmark and KeyGenerationBenchmark at logN 13 and 14, GeneralRingBenchmark at m = 4369, other"
                + " suites at all their parameters";
    }

    /** Benchmark points (method x parameter combination) the run of {@code entries} will measure. */
    int points(String suite, List<BenchmarkListEntry> entries) {
        Map<String, String[]> overrides = full ? Map.of() : SHORT_PARAMS.getOrDefault(simple(suite), Map.of());
        int n = 0;
        for (BenchmarkListEntry e : entries) {
            int p = 1;
            if (e.getParams().hasValue()) {
                for (Map.Entry<String, String[]> param : e.getParams().get().entrySet()) {
                    p *= overrides.containsKey(param.getKey()) ? overrides.get(param.getKey()).length
                            : param.getValue().length;
                }
            }
            n += p;
        }
        return n;
    }

    /** Runs every suite in {@code suites}; the results of the suites that ran. */
    List<RunResult> run(Map<String, List<BenchmarkListEntry>> suites) {
        int total = 0;
        for (Map.Entry<String, List<BenchmarkListEntry>> s : suites.entrySet()) {
            total += points(s.getKey(), s.getValue());
        }
        progress.printf("JMH: %d points in %d suites (%s)%n", total, suites.size(), full ? "full" : "short");
        OutputFormat text = OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL);
        long start = System.nanoTime();
        double nominal = full ? 12 : 9;
        List<RunResult> results = new ArrayList<>();
        int done = 0;
        for (Map.Entry<String, List<BenchmarkListEntry>> s : suites.entrySet()) {
            ProgressFormat format = new ProgressFormat(text, progress, total, done, start, nominal);
            boolean singleShot = s.getValue().stream().allMatch(e -> e.getMode() == Mode.SingleShotTime);
            Collection<RunResult> r = runSuite(s.getKey(), singleShot, format);
            int expected = points(s.getKey(), s.getValue());
            if (r.size() < expected) {
                failures.add(simple(s.getKey()) + ": " + (expected - r.size()) + " of " + expected
                        + " points produced no result (see jmh.log)");
            }
            results.addAll(r);
            done += expected;
        }
        return results;
    }

    /** What failed, one line per suite; empty when everything ran. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    private Collection<RunResult> runSuite(String suite, boolean singleShot, OutputFormat format) {
        ChainedOptionsBuilder options = new OptionsBuilder().include("^" + Pattern.quote(suite) + "\\.")
                .addProfiler(GCProfiler.class).shouldFailOnError(false);
        if (!singleShot) {
            // every call timed: the median and the fastest call are robust to the calls that other
            // processes on a shared machine interrupt, which pull the average up
            options.mode(Mode.SampleTime);
        }
        if (!full && singleShot) {
            options.warmupIterations(0).measurementIterations(SHORT_SINGLE_SHOTS).forks(1);
        } else if (!full) {
            options.warmupIterations(1).warmupTime(TimeValue.seconds(SHORT_WARMUP_SECONDS))
                    .measurementIterations(SHORT_MEASUREMENT).measurementTime(TimeValue.seconds(1)).forks(1);
            SHORT_PARAMS.getOrDefault(simple(suite), Map.of()).forEach(options::param);
        }
        while (true) {
            awaitLock();
            try {
                return new Runner(options.build(), format).run();
            } catch (RunnerException e) {
                if (String.valueOf(e.getMessage()).contains("JMH lock")) {
                    progress.println("JMH lock taken by another run just now; waiting");
                    sleep(LOCK_POLL_MILLIS);
                    continue;
                }
                failures.add(simple(suite) + ": " + e.getMessage());
                progress.println("JMH failed on " + simple(suite) + ": " + e.getMessage());
                return List.of();
            }
        }
    }

    /** Waits until JMH's lock file can be locked (then releases it for JMH to take). */
    private void awaitLock() {
        Path lock = Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");
        long waited = 0;
        while (true) {
            try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock l = ch.tryLock();
                if (l != null) {
                    l.release();
                    return;
                }
            } catch (IOException e) {
                return; // let JMH report its own error about the lock file
            }
            if (waited == 0) {
                progress.println("another JMH run holds " + lock + "; waiting for it to finish");
            }
            if (waited >= LOCK_GIVE_UP_MILLIS) {
                throw new IllegalStateException("gave up after waiting " + waited / 60_000 + " min for " + lock);
            }
            sleep(LOCK_POLL_MILLIS);
            waited += LOCK_POLL_MILLIS;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the JMH lock", e);
        }
    }

    /** Writes {@code results} in JMH's CSV format. */
    static void writeCsv(Collection<RunResult> results, PrintStream out) {
        ResultFormatFactory.getInstance(ResultFormatType.CSV, out).writeOut(results);
        out.flush();
    }

    /** The simple names of {@code suites}' keys, in order. */
    static List<String> simpleNames(Map<String, ?> suites) {
        List<String> out = new ArrayList<>();
        suites.keySet().forEach(k -> out.add(simple(k)));
        return out;
    }
}
