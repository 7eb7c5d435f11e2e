package io.fhe4j.bench.report;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One measured benchmark at one parameter point: the JMH suite (simple class name), the method,
 * its parameters, the mean time per operation in milliseconds with JMH's error (the half-width
 * of the 99.9% confidence interval, {@code NaN} when JMH could not compute one), the number of
 * samples, the bytes allocated per operation from JMH's GC profiler ({@code NaN} when it was
 * not run), and, for JMH's sample mode (every call timed), the fastest call and the median call
 * ({@code NaN} in the other modes). Immutable.
 */
public record Measurement(String suite, String method, Map<String, String> params, double millis,
        double errorMillis, int samples, double allocBytes, double minMillis, double medianMillis) {

    /** Copies {@code params} into a sorted, unmodifiable map. */
    public Measurement {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(method, "method");
        params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    }

    /** A measurement without per-call statistics (average-time or single-shot mode). */
    public Measurement(String suite, String method, Map<String, String> params, double millis, double errorMillis,
            int samples, double allocBytes) {
        this(suite, method, params, millis, errorMillis, samples, allocBytes, Double.NaN, Double.NaN);
    }

    /** Whether every call was timed (JMH's sample mode): then min and median are known. */
    public boolean sampled() {
        return !Double.isNaN(medianMillis);
    }

    /**
     * The figure compared with the anchors: the median call when sampled (on a shared machine the
     * mean is pulled up by the calls that other processes interrupted), else the mean.
     */
    public double typicalMillis() {
        return sampled() ? medianMillis : millis;
    }

    /** {@code Suite.method}. */
    public String name() {
        return suite + "." + method;
    }

    /**
     * The ring this point measures, in the form {@code anchors.csv} uses: {@code N=8192} from a
     * {@code logN} (or {@code n}) parameter, {@code m=4369} from an {@code m} parameter, empty when
     * the benchmark has no ring parameter.
     */
    public String ring() {
        return ringOf(params);
    }

    /** The ring key of a parameter map; see {@link #ring()}. */
    static String ringOf(Map<String, String> params) {
        String logN = params.get("logN");
        if (logN != null) {
            try {
                int l = Integer.parseInt(logN.trim());
                if (l >= 0 && l < 63) {
                    return "N=" + (1L << l);
                }
            } catch (NumberFormatException e) {
                // fall through: not a ring size
            }
            return "logN=" + logN.trim();
        }
        String n = params.get("n");
        if (n != null) {
            return "N=" + n.trim();
        }
        String m = params.get("m");
        if (m != null) {
            return "m=" + m.trim();
        }
        return "";
    }

    /** The parameters as {@code k=v, k=v}, or empty. */
    public String paramText() {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return sb.toString();
    }
}
