package io.fhe4j.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The training rows: fhe4j's time per mini-batch (one SGD step of {@code TrainingStepBenchmark})
 * and per epoch (the step time times the steps in one pass over MNIST's 60000 training images,
 * extrapolated, not measured), against the paper's figures in {@code anchors.csv}
 * ({@code paper-minibatch}, {@code paper-epoch}, {@code paper-minibatch-before}). Without the
 * suite every fhe4j cell says "not yet measured". Stateless and thread-safe.
 */
public final class TrainingRows {
    /** MNIST's training set. */
    static final int TRAINING_IMAGES = 60000;
    /**
     * What {@code TrainingStepBenchmark} measures, in general terms; the exact network and ring of a
     * run go in {@code run.properties} under {@code trainingConfig} when known, since the
     * {@code train} command's defaults change over time.
     */
    static final String FHE4J_CONFIG = "TrainingStepBenchmark: one encrypted SGD step, end to end, of the `train` "
            + "command's default configuration (fixed point in integer slots, the data owner's refreshes instead of "
            + "bootstrapping; see the benchmark's Javadoc)";

    /** The paper's mini-batch, assumed when the benchmark has no batch parameter. */
    static final int PAPER_BATCH = 60;

    /** One measured training step and its extrapolation to an epoch. */
    public record Row(Measurement measurement, int batch, boolean batchAssumed) {
        /** Mini-batches per epoch. */
        public double stepsPerEpoch() {
            return (double) TRAINING_IMAGES / batch;
        }

        /** The extrapolated epoch time in ms. */
        public double epochMillis() {
            return measurement.millis() * stepsPerEpoch();
        }
    }

    private TrainingRows() {
    }

    /** The training measurements, in report order. */
    public static List<Row> rows(List<Measurement> measurements) {
        List<Row> out = new ArrayList<>();
        for (Measurement m : Comparison.sorted(measurements)) {
            if (!m.suite().equals(Comparison.TRAINING_SUITE)) {
                continue;
            }
            String b = m.params().getOrDefault("batch", m.params().get("batchSize"));
            int batch = PAPER_BATCH;
            boolean assumed = true;
            if (b != null) {
                try {
                    batch = Integer.parseInt(b.trim());
                    assumed = false;
                } catch (NumberFormatException e) {
                    // keep the paper's batch, marked as assumed
                }
            }
            out.add(new Row(m, batch, assumed));
        }
        return out;
    }

    /** The anchor with {@code id}, or null. */
    static Anchor anchor(List<Anchor> anchors, String id) {
        for (Anchor a : anchors) {
            if (a.id().equals(id)) {
                return a;
            }
        }
        return null;
    }
}
