package io.fhe4j.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.math.Primes;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Fast base extension against the BigInteger CRT reference, within its documented error. */
class BaseConverterProperties {

    private static PolyRing[] rings(int logN, int from, int to, int bits) {
        List<Long> all = Primes.generate(bits, 2L << logN, from + to, List.of());
        long[] q = all.subList(0, from).stream().mapToLong(Long::longValue).toArray();
        long[] p = all.subList(from, from + to).stream().mapToLong(Long::longValue).toArray();
        return new PolyRing[] {PolyRing.of(1 << logN, q), PolyRing.of(1 << logN, p)};
    }

    @Property(tries = 100)
    void approximateConversionAddsASmallMultipleOfQ(@ForAll @IntRange(min = 1, max = 8) int from,
                                                    @ForAll @IntRange(min = 1, max = 6) int to,
                                                    @ForAll @IntRange(min = 30, max = 60) int bits,
                                                    @ForAll long seed) {
        PolyRing[] r = rings(4, from, to, bits);
        BigInteger q = r[0].basis().product();
        Random rnd = new Random(seed);
        BigInteger[] x = RingTestSupport.randomBig(rnd, r[0].n(), q);
        DoubleCrt in = r[0].fromCoefficients(x).toCoefficientForm();
        BaseConverter conv = new BaseConverter(r[0].basis(), r[1].basis());
        DoubleCrt out = conv.convert(in, r[1], false);
        for (int c = 0; c < x.length; c++) {
            // the reference: u = (sum_i y_i qHat_i - x) / Q, in [0, L)
            BigInteger sum = BigInteger.ZERO;
            for (int i = 0; i < from; i++) {
                long y = r[0].basis().modulus(i).mul(in.row(i)[c], r[0].basis().qHatInverse(i));
                sum = sum.add(r[0].basis().qHat(i).multiply(BigInteger.valueOf(y)));
            }
            BigInteger[] ur = sum.subtract(x[c]).divideAndRemainder(q);
            assertEquals(BigInteger.ZERO, ur[1]);
            assertTrue(ur[0].signum() >= 0 && ur[0].intValueExact() < from, "u = " + ur[0]);
            for (int j = 0; j < to; j++) {
                assertEquals(sum.mod(BigInteger.valueOf(r[1].basis().prime(j))).longValue(), out.row(j)[c]);
            }
        }
    }

    @Property(tries = 100)
    void exactConversionGivesTheCenteredValue(@ForAll @IntRange(min = 1, max = 8) int from,
                                              @ForAll @IntRange(min = 1, max = 6) int to,
                                              @ForAll @IntRange(min = 30, max = 60) int bits,
                                              @ForAll @IntRange(min = 1, max = 60) int margin,
                                              @ForAll long seed) {
        PolyRing[] r = rings(4, from, to, bits);
        BigInteger q = r[0].basis().product();
        Random rnd = new Random(seed);
        int n = r[0].n();
        // centered values with |x| < Q/2 * (1 - 2^-40), and some tiny ones
        BigInteger bound = q.shiftRight(1).subtract(q.shiftRight(41)).max(BigInteger.ONE);
        BigInteger[] x = new BigInteger[n];
        for (int c = 0; c < n; c++) {
            BigInteger mag = c % 3 == 0 ? BigInteger.valueOf(rnd.nextInt(1 << Math.min(margin, 30))).min(bound)
                    : new BigInteger(bound.bitLength() + 8, rnd).mod(bound);
            x[c] = rnd.nextBoolean() ? mag : mag.negate();
        }
        DoubleCrt in = r[0].fromCoefficients(x).toCoefficientForm();
        DoubleCrt out = new BaseConverter(r[0].basis(), r[1].basis()).convert(in, r[1], true);
        BigInteger[] got = out.toCenteredBigIntegers();
        BigInteger p = r[1].basis().product();
        for (int c = 0; c < n; c++) {
            assertEquals(x[c].mod(p), got[c].mod(p), "coefficient " + c);
        }
    }
}
