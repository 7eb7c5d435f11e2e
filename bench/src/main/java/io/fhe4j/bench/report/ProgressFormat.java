package io.fhe4j.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * A JMH {@link OutputFormat} that passes everything to another format (JMH's own text output,
 * sent to a log file) and prints one progress line per benchmark point on a separate stream:
 * which benchmark and parameters, i/n over the whole report, time elapsed, an estimate of the time
 * left (the mean time per point so far, or {@code nominalSeconds} before the first ends), and the
 * result when the point ends. Not thread-safe (JMH calls it from one thread).
 */
final class ProgressFormat implements OutputFormat {
    private final OutputFormat delegate;
    private final PrintStream progress;
    private final int total;
    private final long startNanos;
    private final double nominalSeconds;
    private int started;
    private int finished;

    /**
     * @param delegate       receives every call unchanged
     * @param progress       where progress lines go (stderr)
     * @param total          points in the whole report, for i/n
     * @param alreadyDone    points finished by earlier runs of the same report
     * @param startNanos     {@link System#nanoTime()} when the report's runs began
     * @param nominalSeconds the expected time per point, for the first estimate
     */
    ProgressFormat(OutputFormat delegate, PrintStream progress, int total, int alreadyDone, long startNanos,
            double nominalSeconds) {
        this.delegate = delegate;
        this.progress = progress;
        this.total = total;
        this.started = alreadyDone;
        this.finished = alreadyDone;
        this.startNanos = startNanos;
        this.nominalSeconds = nominalSeconds;
    }

    /** Points started so far, including earlier runs. */
    int started() {
        return started;
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
        started++;
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double perPoint = finished == 0 ? nominalSeconds : elapsed / finished;
        double left = Math.max(0, (total - started + 1) * perPoint);
        StringBuilder p = new StringBuilder();
        for (String key : params.getParamsKeys()) {
            p.append(' ').append(key).append('=').append(params.getParam(key));
        }
        String name = params.getBenchmark();
        int dot = name.lastIndexOf('.', name.lastIndexOf('.') - 1);
        progress.printf(Locale.ROOT, "[%d/%d] %s%s   elapsed %s, about %s left%n", started, total,
                name.substring(dot + 1), p, Format.duration(elapsed), Format.duration(left));
        progress.flush();
        delegate.startBenchmark(params);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        finished++;
        if (result != null && result.getPrimaryResult() != null) {
            Result<?> r = result.getPrimaryResult();
            progress.printf(Locale.ROOT, "        %.4g ± %.2g %s%n", r.getScore(), r.getScoreError(), r.getScoreUnit());
        }
        delegate.endBenchmark(result);
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
        delegate.iteration(benchParams, params, iteration);
    }

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration,
            IterationResult data) {
        delegate.iterationResult(benchParams, params, iteration, data);
    }

    @Override
    public void startRun() {
        delegate.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        delegate.endRun(result);
    }

    @Override
    public void print(String s) {
        delegate.print(s);
    }

    @Override
    public void println(String s) {
        delegate.println(s);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void verbosePrintln(String s) {
        delegate.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        delegate.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        delegate.write(b);
    }
}
