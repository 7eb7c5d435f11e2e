package io.fhe4j.bench.report;

import java.util.Objects;

/**
 * One timed operation of a side-by-side run ({@code bench/results/peers/*.csv}): fhe4j or a peer
 * library (SEAL, HElib, OpenFHE) built on the machine of the run, the operation of
 * {@code BgvBenchmark} or {@code NttBenchmark} (or a training-step phase), its ring degree, the
 * bits of the modulus it worked on, and the median call in milliseconds. Immutable.
 *
 * @param run        the run id; figures are compared only with figures of the same run
 * @param library    {@code fhe4j}, {@code seal}, {@code helib}, {@code openfhe}, ...
 * @param version    the library's version (fhe4j: the commit)
 * @param flags      the build (peers) or the JVM and threads (fhe4j), short; the file's header has the details
 * @param operation  the operation, named as fhe4j's benchmark method ({@code multiplyRelinearize}, {@code nttForward},
 *                   {@code trainStep.server}, ...)
 * @param n          the ring degree N
 * @param log2q      log2 of the modulus the operation ran on (ciphertext modulus without special primes; NTT: the primes)
 * @param medianMillis the median call, ms (training phases: the mean per step)
 * @param iterations how many calls were timed
 */
public record PeerFigure(String run, String library, String version, String flags, String operation, int n,
        double log2q, double medianMillis, int iterations) {

    /** Checks that the figure is usable. */
    public PeerFigure {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(operation, "operation");
        if (run.isBlank() || library.isBlank() || operation.isBlank()) {
            throw new ReportDataException("run, library and operation must not be empty (got run '" + run
                    + "', library '" + library + "', operation '" + operation + "')");
        }
        if (n <= 0) {
            throw new ReportDataException(library + " " + operation + ": N must be positive, got " + n);
        }
        if (!(medianMillis > 0) || Double.isInfinite(medianMillis)) {
            throw new ReportDataException(library + " " + operation + " at N = " + n
                    + ": median_ms must be a positive number, got " + medianMillis);
        }
        if (iterations <= 0) {
            throw new ReportDataException(library + " " + operation + " at N = " + n
                    + ": iterations must be positive, got " + iterations);
        }
    }

    /** The column this figure belongs to: library and build ({@code seal hexl}, {@code fhe4j JDK 25}). */
    public String build() {
        return flags.isBlank() ? library : library + " " + flags;
    }

    /** Whether this is one of fhe4j's figures (the others are peers). */
    public boolean isFhe4j() {
        return library.equals("fhe4j");
    }
}
