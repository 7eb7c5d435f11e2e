package io.fhe4j.mnist;

/**
 * The pixel arithmetic behind {@link Dataset}'s preprocessing methods, on flat unsigned-byte image arrays
 * ({@code count} images of {@code rows x cols}, row-major, one after another). Arguments are validated by the
 * caller. Stateless and thread-safe.
 */
final class Preprocess {
    private Preprocess() {
    }

    /**
     * Exact area averaging from {@code rows x cols} down to {@code outRows x outCols}. Source pixel i along an axis
     * of length S covers [i*T, (i+1)*T) and target pixel j covers [j*S, (j+1)*S) (T is the target length), so every
     * weight is an integer overlap and each target pixel's weights sum to S. The average is rounded half up to an
     * integer 0..255 with integer arithmetic only.
     */
    static byte[] downsample(byte[] src, int count, int rows, int cols, int outRows, int outCols) {
        AxisWeights wr = new AxisWeights(rows, outRows);
        AxisWeights wc = new AxisWeights(cols, outCols);
        long denominator = (long) rows * cols;
        int inArea = rows * cols;
        int outArea = outRows * outCols;
        byte[] out = new byte[count * outArea];
        for (int n = 0; n < count; n++) {
            int inBase = n * inArea;
            int outIndex = n * outArea;
            for (int r = 0; r < outRows; r++) {
                for (int c = 0; c < outCols; c++) {
                    long sum = 0;
                    for (int a = wr.start[r]; a < wr.start[r + 1]; a++) {
                        int rowBase = inBase + wr.source[a] * cols;
                        long rowSum = 0;
                        for (int b = wc.start[c]; b < wc.start[c + 1]; b++) {
                            rowSum += (long) wc.weight[b] * (src[rowBase + wc.source[b]] & 0xFF);
                        }
                        sum += wr.weight[a] * rowSum;
                    }
                    out[outIndex++] = (byte) ((2 * sum + denominator) / (2 * denominator));
                }
            }
        }
        return out;
    }

    /** Removes {@code top, bottom, left, right} pixels from the borders of every image. */
    static byte[] crop(byte[] src, int count, int rows, int cols, int top, int bottom, int left, int right) {
        int outRows = rows - top - bottom;
        int outCols = cols - left - right;
        byte[] out = new byte[count * outRows * outCols];
        int o = 0;
        for (int n = 0; n < count; n++) {
            int base = n * rows * cols;
            for (int r = top; r < top + outRows; r++) {
                System.arraycopy(src, base + r * cols + left, out, o, outCols);
                o += outCols;
            }
        }
        return out;
    }

    /** {@code q = round-half-up(p * scale / 255)}, exactly, for every pixel p; {@code scale <= 2^24}. */
    static int[] scale(byte[] src, int scale) {
        int[] out = new int[src.length];
        long twiceScale = 2L * scale;
        for (int i = 0; i < src.length; i++) {
            out[i] = (int) (((src[i] & 0xFF) * twiceScale + 255) / 510);
        }
        return out;
    }

    /** {@code p / 255f} for every pixel p. */
    static float[] normalize(byte[] src) {
        float[] out = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = (src[i] & 0xFF) / 255f;
        }
        return out;
    }

    /**
     * For each target index j along one axis, the source indices it overlaps and the integer overlap lengths, in
     * compressed form: entries {@code start[j] .. start[j+1]-1} of {@code source} and {@code weight}.
     */
    private static final class AxisWeights {
        final int[] start;
        final int[] source;
        final int[] weight;

        AxisWeights(int sourceLength, int targetLength) {
            start = new int[targetLength + 1];
            int[] src = new int[sourceLength + targetLength];
            int[] w = new int[sourceLength + targetLength];
            int k = 0;
            for (int j = 0; j < targetLength; j++) {
                start[j] = k;
                long lo = (long) j * sourceLength;
                long hi = lo + sourceLength;
                int first = (int) (lo / targetLength);
                int last = (int) ((hi - 1) / targetLength);
                for (int i = first; i <= last; i++) {
                    long overlap = Math.min(hi, (long) (i + 1) * targetLength) - Math.max(lo, (long) i * targetLength);
                    src[k] = i;
                    w[k] = (int) overlap;
                    k++;
                }
            }
            start[targetLength] = k;
            source = src;
            weight = w;
        }
    }
}
