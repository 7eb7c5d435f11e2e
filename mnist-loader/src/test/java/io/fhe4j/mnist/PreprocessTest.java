package io.fhe4j.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Downsampling, cropping, quantization and one-hot encoding against small cases computed by hand. */
class PreprocessTest {

    private static Dataset one(int rows, int cols, int... pixels) {
        byte[] p = new byte[pixels.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) pixels[i];
        }
        return Dataset.of(p, new byte[] {7}, rows, cols, 10);
    }

    private static int[] unsigned(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }

    @Test
    void downsample4x4To2x2AveragesBlocks() {
        Dataset d = one(4, 4,
                0, 4, 10, 10,
                8, 0, 10, 11,
                255, 255, 1, 2,
                255, 254, 3, 4);
        // blocks: (0+4+8+0)/4 = 3; (10+10+10+11)/4 = 10.25 -> 10; (255+255+255+254)/4 = 254.75 -> 255;
        // (1+2+3+4)/4 = 2.5 -> 3 (half rounds up)
        assertArrayEquals(new int[] {3, 10, 255, 3}, unsigned(d.downsample(2).images()));
        assertEquals(7, d.downsample(2).label(0));
    }

    @Test
    void downsample4x4To1x1IsMeanRoundedHalfUp() {
        Dataset d = one(4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8);
        assertArrayEquals(new int[] {1}, unsigned(d.downsample(1).images())); // 8/16 = 0.5 -> 1
        Dataset e = one(4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7);
        assertArrayEquals(new int[] {0}, unsigned(e.downsample(1).images())); // 7/16 -> 0
    }

    @Test
    void downsample3x3To2x2WeighsSharedPixelsByArea() {
        // Each output pixel covers 1.5 x 1.5 input pixels: the middle row and column count half.
        Dataset d = one(3, 3,
                100, 0, 0,
                0, 0, 0,
                0, 0, 90);
        // top-left: (100*1 + 0*0.5 + 0*0.5 + 0*0.25) / 2.25 = 44.44 -> 44; bottom-right: 90 / 2.25 = 40
        assertArrayEquals(new int[] {44, 0, 0, 40}, unsigned(d.downsample(2).images()));
        Dataset centre = one(3, 3, 0, 0, 0, 0, 9, 0, 0, 0, 0);
        // centre pixel contributes 0.25 of its area to each output: 9 * 0.25 / 2.25 = 1
        assertArrayEquals(new int[] {1, 1, 1, 1}, unsigned(centre.downsample(2).images()));
    }

    @Test
    void downsample7To2UsesHalfPixelAtSeam() {
        // 7 -> 2 along columns only: each output covers 3.5 input columns; column 3 is shared half and half.
        Dataset d = one(1, 7, 10, 20, 30, 40, 50, 60, 70);
        // left: (10 + 20 + 30 + 0.5*40) / 3.5 = 80/3.5 = 22.86 -> 23; right: (0.5*40 + 50 + 60 + 70) / 3.5 = 57.14 -> 57
        assertArrayEquals(new int[] {23, 57}, unsigned(d.downsample(1, 2).images()));
    }

    @Test
    void downsample28To8MatchesHandComputedCorner() {
        byte[] p = new byte[28 * 28];
        p[0] = (byte) 245;          // (0,0): full weight in output (0,0)
        p[3] = (byte) 49;           // (0,3): half of it in output (0,0), half in (0,1)
        p[3 * 28 + 3] = (byte) 196; // (3,3): a quarter in each of outputs (0,0), (0,1), (1,0), (1,1)
        Dataset d = Dataset.of(p, new byte[] {1}, 28, 28, 10).downsample(8);
        assertEquals(8, d.rows());
        // (0,0): (245 + 49/2 + 196/4) / 12.25 = (245 + 24.5 + 49) / 12.25 = 26
        assertEquals(26, d.pixel(0, 0, 0));
        // (0,1): (24.5 + 49) / 12.25 = 6
        assertEquals(6, d.pixel(0, 0, 1));
        // (1,1): 49 / 12.25 = 4
        assertEquals(4, d.pixel(0, 1, 1));
        assertEquals(0, d.pixel(0, 7, 7));
    }

    @Test
    void cropThenDownsampleTo8Uses3x3Blocks() {
        byte[] p = new byte[28 * 28];
        for (int r = 2; r < 5; r++) {
            for (int c = 2; c < 5; c++) {
                p[r * 28 + c] = (byte) (r * 10 + c); // 22..44, mean 33
            }
        }
        Dataset d = Dataset.of(p, new byte[] {1}, 28, 28, 10).crop(2).downsample(8);
        assertEquals(33, d.pixel(0, 0, 0));
        assertEquals(0, d.pixel(0, 0, 1));
    }

    @Test
    void downsampleSameSizeIsIdentityAndLargerIsRejected() {
        Dataset d = one(2, 2, 1, 2, 3, 4);
        assertSame(d, d.downsample(2));
        assertThrows(IllegalArgumentException.class, () -> d.downsample(3));
        assertThrows(IllegalArgumentException.class, () -> d.downsample(0));
        assertThrows(IllegalArgumentException.class, () -> d.downsample(1, 3));
    }

    @Test
    void cropRemovesBorders() {
        Dataset d = one(3, 4,
                1, 2, 3, 4,
                5, 6, 7, 8,
                9, 10, 11, 12);
        assertArrayEquals(new int[] {6, 7}, unsigned(d.crop(1).images()));
        assertArrayEquals(new int[] {2, 3, 6, 7}, unsigned(d.crop(0, 1, 1, 1).images()));
        assertThrows(IllegalArgumentException.class, () -> d.crop(2));
        assertThrows(IllegalArgumentException.class, () -> d.crop(-1));
        assertThrows(IllegalArgumentException.class, () -> d.crop(0, 0, 2, 2));
    }

    @Test
    void quantizeRoundsHalfUpOnTheScale2PowKMinus1() {
        Dataset d = one(1, 6, 0, 1, 127, 128, 200, 255);
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, d.quantize(1));       // p >= 127.5 -> 1
        // k = 2: p * 3 / 255: 0, 0.012, 1.494, 1.506, 2.353, 3
        assertArrayEquals(new int[] {0, 0, 1, 2, 2, 3}, d.quantize(2));
        // k = 4: p * 15 / 255 = p / 17: 0, 0.06, 7.47, 7.53, 11.76, 15
        assertArrayEquals(new int[] {0, 0, 7, 8, 12, 15}, d.quantize(4));
        assertArrayEquals(new int[] {0, 1, 127, 128, 200, 255}, d.quantize(8));
        // k = 16: p * 65535 / 255 = p * 257 exactly
        assertArrayEquals(new int[] {0, 257, 127 * 257, 128 * 257, 200 * 257, 65535}, d.quantize(16));
        assertThrows(IllegalArgumentException.class, () -> d.quantize(0));
        assertThrows(IllegalArgumentException.class, () -> d.quantize(17));
    }

    @Test
    void fixedPointRoundsHalfUpOnTheScale2PowF() {
        Dataset d = one(1, 5, 0, 1, 128, 200, 255);
        // f = 8: p * 256 / 255: 0, 1.004, 128.5 (+0.002) -> 129, 200.78 -> 201, 256
        assertArrayEquals(new int[] {0, 1, 129, 201, 256}, d.fixedPoint(8));
        assertArrayEquals(new int[] {0, 0, 1, 1, 1}, d.fixedPoint(0));
        assertThrows(IllegalArgumentException.class, () -> d.fixedPoint(-1));
        assertThrows(IllegalArgumentException.class, () -> d.fixedPoint(25));
    }

    @Test
    void normalizeDividesBy255() {
        float[] v = one(1, 3, 0, 51, 255).normalized();
        assertArrayEquals(new float[] {0f, 0.2f, 1f}, v);
    }

    @Test
    void oneHotPutsTheHotValueAtTheLabel() {
        Dataset d = Dataset.of(new byte[3], new byte[] {2, 0, 9}, 1, 1, 10);
        float[] f = d.oneHot();
        assertEquals(30, f.length);
        assertEquals(1f, f[2]);
        assertEquals(1f, f[10]);
        assertEquals(1f, f[29]);
        int[] i = d.oneHot(256);
        assertEquals(256, i[2]);
        assertEquals(256, i[10]);
        assertEquals(256, i[29]);
        assertEquals(3 * 256, java.util.Arrays.stream(i).sum());
    }
}
